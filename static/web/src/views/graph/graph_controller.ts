import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef, useState, xml } from '@odoo/owl';
import { ArcElement, BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PieController, PointElement, Tooltip } from 'chart.js';
import { registry } from '../../core/registry';
import { serviceOf, ignoreShown } from '../../core/hooks';
import type { ORM } from '../../core/orm_service';
import { SearchModel } from '../search/search_model';
import { SearchBar } from '../search/search_bar';
import type { FieldsGet } from '../record';
import type { ViewProps } from '../view_props';
import { buildChartConfig, CHART_TYPES, type ChartConfig, type ChartType } from './graph_model';
import { measurableFields, measureLabel, readGroupFields } from './group_utils';
import { NoContentHelp } from '../no_content_help';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, PieController, ArcElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * Draws a config on a canvas. Replaceable (tests capture the config); returns null when the
 * canvas has no 2D context (jsdom, or a browser without canvas), in which case nothing is drawn.
 */
export const graphChart = {
  create(canvas: HTMLCanvasElement, config: ChartConfig): { destroy(): void } | null {
    let context: CanvasRenderingContext2D | null = null;
    try {
      context = typeof canvas.getContext === 'function' ? canvas.getContext('2d') : null;
    } catch {
      context = null;
    }
    if (!context) return null;
    return new Chart(context, config as any);
  },
};

/**
 * The graph view: read_group on the arch's `rows` (or the search bar's group-bys) with one
 * measure, drawn by chart.js as bar, line or pie; the measure and the chart type can be switched.
 */
export class GraphController extends Component<ViewProps> {
  static override template = xml`
    <div class="o_graph_view">
      <div class="o_control_panel">
        <div class="o_cp_buttons o_graph_buttons">
          <select class="form-select o_graph_measure" t-on-change="onMeasure">
            <t t-foreach="measures" t-as="m" t-key="m">
              <option t-att-value="m" t-att-selected="m === state.measure" t-esc="measureLabel(m)"/>
            </t>
          </select>
          <t t-foreach="chartTypes" t-as="type" t-key="type">
            <button type="button" t-attf-class="btn btn-light o_graph_button {{ type === state.type ? 'active' : '' }}" t-att-data-mode="type" t-att-title="type" t-on-click="() => this.setType(type)" t-esc="type"/>
          </t>
        </div>
        <SearchBar model="searchModel" onSearch.bind="onSearch"/>
      </div>
      <NoContentHelp t-if="state.loaded and !state.groups.length" message="'No data to display'" help="props.help"/>
      <div t-att-class="'o_graph_renderer' + (state.loaded and !state.groups.length ? ' d-none' : '')" style="position:relative;height:400px">
        <canvas t-ref="canvas"/>
      </div>
    </div>`;
  static override props = ['*'];
  static components = { NoContentHelp, SearchBar };

  orm = serviceOf<ORM>(this, 'orm');
  user = serviceOf(this, 'user');
  state = useState({ type: 'bar' as ChartType, measure: '__count', groups: [] as any[], groupBys: [] as string[], loaded: false });
  searchModel!: SearchModel;
  canvasRef = useRef('canvas');
  chart: { destroy(): void } | null = null;
  /** The chart.js config last built (what is, or would be, drawn). */
  config: ChartConfig | null = null;
  chartTypes = CHART_TYPES;

  get arch(): any {
    return this.props.views.graph?.arch ?? {};
  }
  get fields(): FieldsGet {
    return this.props.models[this.props.resModel] ?? {};
  }
  get measures(): string[] {
    const list = ['__count', ...measurableFields(this.fields)];
    if (!list.includes(this.state.measure)) list.push(this.state.measure);
    return list;
  }
  get groupBys(): string[] {
    const fromSearch = this.searchModel.groupBy();
    const groupBys: string[] = fromSearch.length ? fromSearch : (this.arch.rows ?? []);
    return groupBys.filter((g) => this.fields[g.split(':')[0]]);
  }

  override setup() {
    this.searchModel = useState(new SearchModel(this.props.views.search?.arch, this.fields, this.props.context ?? {}, this.user.userId));
    const type = this.arch.type;
    this.state.type = CHART_TYPES.includes(type) ? type : 'bar';
    const measure = this.arch.measure ?? (Array.isArray(this.arch.measures) ? this.arch.measures[0] : undefined);
    this.state.measure = measure && (measure === '__count' || this.fields[measure]) ? measure : '__count';
    onWillStart(() => this.load());
    onMounted(() => this.renderChart());
    onPatched(() => this.renderChart());
    onWillUnmount(() => this.destroyChart());
  }

  measureLabel(measure: string): string {
    return measureLabel(measure, this.fields);
  }

  async load() {
    try {
      const groupBys = this.groupBys.slice(0, this.state.type === 'pie' ? 1 : 2);
      const groups = await this.orm.readGroup(this.props.resModel, this.searchModel.domain(this.props.domain ?? []), readGroupFields([this.state.measure]), groupBys, { lazy: false, context: this.props.context });
      this.state.groupBys = groupBys;
      this.state.groups = groups;
    } catch (error) {
      ignoreShown(error);
      this.state.groups = [];
    }
    this.state.loaded = true;
  }

  buildConfig(): ChartConfig {
    return buildChartConfig({ groups: this.state.groups, groupBys: this.state.groupBys, measure: this.state.measure, type: this.state.type, stacked: this.arch.stacked, fields: this.fields });
  }

  destroyChart() {
    this.chart?.destroy();
    this.chart = null;
  }

  renderChart() {
    this.destroyChart();
    this.config = this.buildConfig();
    const canvas = this.canvasRef.el as HTMLCanvasElement | null;
    if (!canvas || !this.state.groups.length) return;
    try {
      this.chart = graphChart.create(canvas, this.config);
    } catch (error) {
      this.chart = null;
      console.warn('graph view: the chart could not be drawn', error);
    }
  }

  async setType(type: ChartType) {
    if (type === this.state.type) return;
    const regroup = type === 'pie' || this.state.type === 'pie';
    this.state.type = type;
    if (regroup) await this.load();
  }
  async onMeasure(ev: Event) {
    this.state.measure = (ev.target as HTMLSelectElement).value;
    await this.load();
  }
  async onSearch() {
    await this.load();
  }
}

registry.category('views').add('graph', { type: 'graph', Controller: GraphController });
