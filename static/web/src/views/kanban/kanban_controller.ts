import { Component, onWillStart, useState, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { serviceOf, ignoreShown } from '../../core/hooks';
import type { ORM } from '../../core/orm_service';
import { formatValue } from '../../core/format';
import type { Domain } from '../../core/domain';
import { SearchModel } from '../search/search_model';
import { SearchBar } from '../search/search_bar';
import { Pager } from '../list/pager';
import { KanbanCard } from './kanban_card';
import type { FieldNode, FieldsGet } from '../record';
import type { ViewProps } from '../view_props';
import { NoContentHelp } from '../no_content_help';

/** A column of a grouped kanban: one group of read_group and its first cards. */
interface KanbanColumn { key: string; label: string; count: number; records: Array<Record<string, unknown>> }

/** Cards read per column: a column shows its count, and the list view shows them all. */
const COLUMN_LIMIT = 40;

/**
 * The kanban view: the arch's fields as cards (`{ "fields": [...], "default_group_by": "state" }`,
 * docs/views.md), in columns when grouped (the search bar's group-by, else default_group_by),
 * the search bar's filters and quick search, a click opening the form.
 */
export class KanbanController extends Component<ViewProps> {
  static override template = xml`
    <div class="o_kanban_view">
      <div class="o_control_panel">
        <div class="o_cp_buttons">
          <button t-if="arch.create !== false" type="button" class="btn btn-primary o_kanban_button_new" data-testid="kanban-new" t-on-click="() => props.openRecord and props.openRecord(false)">New</button>
        </div>
        <SearchBar model="searchModel" onSearch.bind="onSearch"/>
        <Pager t-if="!groupBy" offset="state.offset" limit="limit" total="state.total" onChange.bind="onPage"/>
      </div>
      <NoContentHelp t-if="state.loaded and !groupBy and !state.records.length" message="'No record found'" help="props.help"/>
      <div t-elif="groupBy" class="o_kanban_renderer o_kanban_grouped">
        <t t-foreach="state.columns" t-as="column" t-key="column.key">
          <div class="o_kanban_group" data-testid="kanban-column" t-att-data-group="column.label">
            <div class="o_kanban_header"><span class="o_column_title" t-esc="column.label"/> <span class="o_kanban_counter" t-esc="column.count"/></div>
            <t t-foreach="column.records" t-as="record" t-key="record.id">
              <KanbanCard record="record" fields="cardFields" fieldsGet="fields" tz="tz" onOpen.bind="open"/>
            </t>
          </div>
        </t>
      </div>
      <div t-else="" class="o_kanban_renderer o_kanban_ungrouped">
        <t t-foreach="state.records" t-as="record" t-key="record.id">
          <KanbanCard record="record" fields="cardFields" fieldsGet="fields" tz="tz" onOpen.bind="open"/>
        </t>
      </div>
    </div>`;
  static override props = ['*'];
  static components = { NoContentHelp, SearchBar, Pager, KanbanCard };

  orm = serviceOf<ORM>(this, 'orm');
  user = serviceOf(this, 'user');
  state = useState({ records: [] as Array<Record<string, unknown>>, columns: [] as KanbanColumn[], total: 0, offset: 0, loaded: false });
  searchModel!: SearchModel;
  private loadSeq = 0;

  get arch(): { fields?: FieldNode[]; default_group_by?: string; default_order?: string; create?: boolean } {
    return this.props.views.kanban.arch;
  }
  get fields(): FieldsGet {
    return this.props.models[this.props.resModel];
  }
  /** The card's fields: those of the arch the user may read (get_views removed the others). */
  get cardFields(): FieldNode[] {
    const nodes = (this.arch.fields ?? []).filter((node) => this.fields[node.field]);
    return nodes.length ? nodes : [{ field: 'display_name' }];
  }
  get groupBy(): string | null {
    return this.searchModel.groupBy()[0] ?? this.arch.default_group_by ?? null;
  }
  get limit(): number {
    return this.props.limit || 80;
  }
  get tz(): string {
    return String(this.user.context.tz ?? 'UTC');
  }
  get domain(): Domain {
    return this.searchModel.domain(this.props.domain ?? []);
  }

  override setup() {
    this.searchModel = useState(new SearchModel(this.props.views.search?.arch, this.fields, this.props.context ?? {}, this.user.userId));
    onWillStart(() => this.load());
  }

  /** Reads the cards (or the columns and their cards); a slower earlier load never overwrites a later one. */
  async load() {
    const seq = ++this.loadSeq;
    const names = [...new Set(['display_name', ...this.cardFields.map((node) => node.field)])].filter((name) => this.fields[name]);
    const options = { order: this.arch.default_order || undefined, context: this.props.context };
    try {
      if (this.groupBy) {
        const columns = await this.loadColumns(this.groupBy, names, options);
        if (seq === this.loadSeq) this.state.columns = columns;
      } else {
        const [records, total] = await Promise.all([
          this.orm.searchRead(this.props.resModel, this.domain, names, { ...options, limit: this.limit, offset: this.state.offset }),
          this.orm.searchCount(this.props.resModel, this.domain, { context: this.props.context }),
        ]);
        if (seq !== this.loadSeq) return;
        this.state.records = records;
        this.state.total = total;
      }
      this.state.loaded = true;
    } catch (error) {
      ignoreShown(error);
    }
  }

  async loadColumns(groupBy: string, names: string[], options: { order?: string; context?: Record<string, unknown> }): Promise<KanbanColumn[]> {
    const field = this.fields[groupBy.split(':')[0]];
    const groups = await this.orm.readGroup(this.props.resModel, this.domain, ['__count'], [groupBy], { lazy: true, context: this.props.context });
    return Promise.all(groups.map(async (group: Record<string, any>, index: number) => ({
      key: `${index}:${JSON.stringify(group[groupBy])}`,
      label: group[groupBy] === false ? 'None' : Array.isArray(group[groupBy]) ? String(group[groupBy][1]) : formatValue(group[groupBy], field as never, this.tz),
      count: group[`${groupBy}_count`] ?? group.__count ?? 0,
      records: await this.orm.searchRead(this.props.resModel, group.__domain, names, { ...options, limit: COLUMN_LIMIT }),
    })));
  }

  async onSearch() {
    this.state.offset = 0;
    await this.load();
  }
  async onPage(offset: number) {
    this.state.offset = offset;
    await this.load();
  }
  open(id: number) {
    this.props.openRecord?.(id);
  }
}

registry.category('views').add('kanban', { type: 'kanban', Controller: KanbanController });
