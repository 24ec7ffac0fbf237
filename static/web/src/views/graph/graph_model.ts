import type { FieldsGet } from '../record';
import { groupKey, groupLabel, measureLabel, measureValue } from './group_utils';

export type ChartType = 'bar' | 'line' | 'pie';
export const CHART_TYPES: ChartType[] = ['bar', 'line', 'pie'];

const COLORS = ['#1f77b4', '#ff7f0e', '#aec7e8', '#ffbb78', '#2ca02c', '#98df8a', '#d62728', '#ff9896', '#9467bd', '#c5b0d5', '#8c564b', '#c49c94', '#e377c2', '#f7b6d2', '#7f7f7f', '#c7c7c7', '#bcbd22', '#dbdb8d', '#17becf', '#9edae5'];
export const color = (index: number): string => COLORS[index % COLORS.length];

export interface ChartConfig {
  type: ChartType;
  data: { labels: string[]; datasets: Array<{ label: string; data: number[]; backgroundColor: string | string[]; borderColor: string | string[]; fill?: boolean }> };
  options: Record<string, any>;
}

/**
 * The chart.js configuration of a read_group answer: the first group-by gives the labels, a
 * second one (bar/line) one dataset per value; without group-by a single "Total" bar. Labels are
 * plain strings (chart.js draws them as canvas text, never HTML).
 */
export function buildChartConfig(params: { groups: Array<Record<string, any>>; groupBys: string[]; measure: string; type: ChartType; stacked?: boolean; fields: FieldsGet }): ChartConfig {
  const { groups, measure, type, fields } = params;
  const groupBys = params.groupBys.slice(0, type === 'pie' ? 1 : 2);
  const measureText = measureLabel(measure, fields);
  const labelKeys: string[] = [];
  const labels: string[] = [];
  const [first, second] = groupBys;
  for (const group of groups) {
    const key = first ? groupKey(group, first) : '';
    if (!labelKeys.includes(key)) {
      labelKeys.push(key);
      labels.push(first ? groupLabel(group, first, fields) : 'Total');
    }
  }
  const datasets: ChartConfig['data']['datasets'] = [];
  if (second) {
    const seriesKeys: string[] = [];
    for (const group of groups) {
      const key = groupKey(group, second);
      let index = seriesKeys.indexOf(key);
      if (index < 0) {
        index = seriesKeys.push(key) - 1;
        datasets.push({ label: groupLabel(group, second, fields), data: labels.map(() => 0), backgroundColor: color(index), borderColor: color(index) });
      }
      datasets[index].data[labelKeys.indexOf(groupKey(group, first))] += measureValue(group, measure, groupBys);
    }
  } else {
    const data = labels.map(() => 0);
    for (const group of groups) data[labelKeys.indexOf(first ? groupKey(group, first) : '')] += measureValue(group, measure, groupBys);
    const colors = type === 'pie' ? labels.map((_, i) => color(i)) : color(0);
    datasets.push({ label: measureText, data, backgroundColor: colors, borderColor: type === 'pie' ? '#ffffff' : colors });
  }
  if (type === 'line') for (const dataset of datasets) dataset.fill = false;
  const options: Record<string, any> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { display: type === 'pie' || datasets.length > 1 }, tooltip: { enabled: true } },
  };
  if (type !== 'pie') {
    options.scales = {
      x: { stacked: Boolean(params.stacked) && type === 'bar', title: { display: Boolean(first), text: first ? String(fields[first.split(':')[0]]?.string ?? first) : '' } },
      y: { stacked: Boolean(params.stacked) && type === 'bar', beginAtZero: true, title: { display: true, text: measureText } },
    };
  }
  return { type, data: { labels, datasets }, options };
}
