import { Component, onWillStart, useState, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { serviceOf, ignoreShown } from '../../core/hooks';
import type { ORM } from '../../core/orm_service';
import { SearchModel } from '../search/search_model';
import { SearchBar } from '../search/search_bar';
import type { FieldsGet } from '../record';
import type { ViewProps } from '../view_props';
import { measurableFields, measureLabel } from '../graph/group_utils';
import { loadPivot, type PivotTable } from './pivot_model';
import { NoContentHelp } from '../no_content_help';

/**
 * The pivot view: rows (the arch's or the search bar's group-bys) by columns (the arch's
 * `cols`), one value per measure, subtotals on every row header, a Total column and row.
 * Measures can be toggled and the axes flipped.
 */
export class PivotController extends Component<ViewProps> {
  static override template = xml`
    <div class="o_pivot_view">
      <div class="o_control_panel">
        <div class="o_cp_buttons o_pivot_buttons">
          <div class="o_dropdown o_pivot_measures">
            <t t-foreach="availableMeasures" t-as="m" t-key="m">
              <button type="button" t-attf-class="btn btn-light o_pivot_measure {{ state.measures.includes(m) ? 'selected active' : '' }}" t-att-data-measure="m" t-on-click="() => this.toggleMeasure(m)" t-esc="measureLabel(m)"/>
            </t>
          </div>
          <button type="button" class="btn btn-light o_pivot_flip_button" title="Flip axis" t-on-click="flip">⇄</button>
        </div>
        <SearchBar model="searchModel" onSearch.bind="onSearch"/>
      </div>
      <NoContentHelp t-if="state.loaded and !state.table" message="'No data to display'" help="props.help"/>
      <table t-if="state.table" class="o_pivot_table table table-sm table-bordered">
        <t t-set="table" t-value="state.table"/>
        <thead>
          <tr t-if="table.hasCols" class="o_pivot_col_headers">
            <th rowspan="2"/>
            <t t-foreach="table.cols" t-as="col" t-key="col.key">
              <th class="o_pivot_header_cell" t-att-colspan="table.measures.length" t-esc="col.label"/>
            </t>
            <th class="o_pivot_header_cell o_pivot_total_header" t-att-colspan="table.measures.length">Total</th>
          </tr>
          <tr class="o_pivot_measure_row">
            <th t-if="!table.hasCols"/>
            <t t-foreach="table.cols" t-as="col" t-key="col.key">
              <t t-foreach="table.measures" t-as="m" t-key="m"><th class="o_pivot_measure_header" t-esc="measureLabel(m)"/></t>
            </t>
            <t t-foreach="table.measures" t-as="m" t-key="m"><th class="o_pivot_measure_header o_pivot_total_measure" t-esc="measureLabel(m)"/></t>
          </tr>
        </thead>
        <tbody>
          <t t-foreach="table.rows" t-as="row" t-key="row_index">
            <tr class="o_pivot_row" t-att-data-level="row.level">
              <th class="o_pivot_header_cell o_pivot_row_header" t-att-style="'padding-left:' + (row.level * 20 + 8) + 'px'" t-esc="row.label"/>
              <t t-foreach="row.values" t-as="value" t-key="value_index">
                <td class="o_pivot_cell_value text-end" t-esc="value"/>
              </t>
            </tr>
          </t>
        </tbody>
        <tfoot>
          <tr class="o_pivot_total_row">
            <th class="o_pivot_header_cell">Total</th>
            <t t-foreach="table.total" t-as="value" t-key="value_index">
              <td class="o_pivot_cell_value o_pivot_total text-end" t-esc="value"/>
            </t>
          </tr>
        </tfoot>
      </table>
    </div>`;
  static override props = ['*'];
  static components = { NoContentHelp, SearchBar };

  orm = serviceOf<ORM>(this, 'orm');
  user = serviceOf(this, 'user');
  state = useState({ measures: ['__count'] as string[], rows: [] as string[], cols: [] as string[], table: null as PivotTable | null, loaded: false });
  searchModel!: SearchModel;

  get arch(): any {
    return this.props.views.pivot?.arch ?? {};
  }
  get fields(): FieldsGet {
    return this.props.models[this.props.resModel] ?? {};
  }
  get availableMeasures(): string[] {
    const list = ['__count', ...measurableFields(this.fields)];
    for (const m of this.state.measures) if (!list.includes(m)) list.push(m);
    return list;
  }
  get rowGroupBys(): string[] {
    const fromSearch = this.searchModel.groupBy();
    return fromSearch.length ? fromSearch : this.state.rows;
  }

  override setup() {
    this.searchModel = useState(new SearchModel(this.props.views.search?.arch, this.fields, this.props.context ?? {}, this.user.userId));
    const known = (g: string) => Boolean(this.fields[g.split(':')[0]]);
    this.state.rows = (this.arch.rows ?? []).filter(known);
    this.state.cols = (this.arch.cols ?? []).filter(known);
    const measures = (this.arch.measures ?? (this.arch.measure ? [this.arch.measure] : [])).filter((m: string) => m === '__count' || this.fields[m]);
    this.state.measures = measures.length ? measures : ['__count'];
    onWillStart(() => this.load());
  }

  measureLabel(measure: string): string {
    return measureLabel(measure, this.fields);
  }

  async load() {
    try {
      const domain = this.searchModel.domain(this.props.domain ?? []);
      this.state.table = await loadPivot(
        (d, fields, groupBy) => this.orm.readGroup(this.props.resModel, d, fields, groupBy, { lazy: false, context: this.props.context }),
        { domain, rows: this.rowGroupBys, cols: this.state.cols, measures: [...this.state.measures], fields: this.fields },
      );
    } catch (error) {
      ignoreShown(error);
      this.state.table = null;
    }
    this.state.loaded = true;
  }

  async toggleMeasure(measure: string) {
    const measures = this.state.measures;
    if (measures.includes(measure)) {
      if (measures.length === 1) return;
      this.state.measures = measures.filter((m) => m !== measure);
    } else {
      this.state.measures = this.availableMeasures.filter((m) => m === measure || measures.includes(m));
    }
    await this.load();
  }
  async flip() {
    const rows = this.rowGroupBys;
    this.state.rows = this.state.cols;
    this.state.cols = rows;
    if (this.searchModel.activeGroupBys.length) this.searchModel.activeGroupBys = [];
    await this.load();
  }
  async onSearch() {
    await this.load();
  }
}

registry.category('views').add('pivot', { type: 'pivot', Controller: PivotController });
