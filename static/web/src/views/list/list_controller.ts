import { Component, onWillStart, useState, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { serviceOf, ignoreShown } from '../../core/hooks';
import type { ORM } from '../../core/orm_service';
import { SearchModel } from '../search/search_model';
import { SearchBar } from '../search/search_bar';
import { ListRows } from './list_renderer';
import { ListGroups } from './list_group';
import { Pager } from './pager';
import { Record, type FieldNode, type FieldsGet } from '../record';
import type { RowEditing } from './list_renderer';
import type { ViewProps } from '../view_props';
import { browser } from '../../core/browser/browser';
import { NoContentHelp } from '../no_content_help';

/** An entry of a list arch's "actions" (docs/views.md). */
export interface ListActionEntry { name: string; string: string; type?: 'object' | 'action'; confirm?: string; context?: { [key: string]: unknown } }

/**
 * The list view: search bar, sortable columns, pagination, group-by (read_group), selection
 * with Delete / Archive / Unarchive and the arch's "actions", New to open an empty form.
 */
export class ListController extends Component<ViewProps> {
  static override template = xml`
    <div class="o_list_view">
      <div class="o_control_panel">
        <div class="o_cp_buttons">
          <button t-if="arch.create !== false" type="button" class="btn btn-primary o_list_button_add" data-testid="list-new" t-on-click="onNew">New</button>
          <t t-if="state.edit">
            <button type="button" class="btn btn-primary o_list_button_save" data-testid="list-save" t-on-click="saveRow">Save</button>
            <button type="button" class="btn btn-secondary o_list_button_discard" data-testid="list-discard" t-on-click="discardRow">Discard</button>
          </t>
          <t t-if="state.selection.length">
            <span class="o_selection_count"><t t-esc="state.selection.length"/> selected</span>
            <button t-if="arch.delete !== false" type="button" class="btn btn-secondary o_list_delete" data-testid="list-delete" t-on-click="deleteSelected">Delete</button>
            <button t-if="fields.active" type="button" class="btn btn-secondary o_list_archive" t-on-click="() => this.callOnSelection('action_archive')">Archive</button>
            <button t-if="fields.active" type="button" class="btn btn-secondary o_list_unarchive" t-on-click="() => this.callOnSelection('action_unarchive')">Unarchive</button>
            <t t-foreach="arch.actions or []" t-as="action" t-key="action.name">
              <button type="button" class="btn btn-secondary o_list_action" t-att-name="action.name" t-att-data-testid="'list-action-' + action.name"
                      t-on-click="() => this.runListAction(action)" t-esc="action.string"/>
            </t>
          </t>
        </div>
        <SearchBar model="searchModel" onSearch.bind="onSearch"/>
        <Pager t-if="!groupBy.length" offset="state.offset" limit="limit" total="state.total" onChange.bind="onPage"/>
      </div>
      <NoContentHelp t-if="!groupBy.length and !state.records.length and state.loaded and !state.edit" message="'No record found'" help="props.help"/>
      <table t-else="" class="o_list_table table">
        <thead><tr>
          <th class="o_list_record_selector"><input type="checkbox" data-testid="list-select-all" t-att-checked="allSelected" t-on-change="toggleAll"/></th>
          <t t-foreach="columns" t-as="column" t-key="column.field">
            <th t-attf-class="o_column_sortable {{ sortClass(column) }}" t-att-data-name="column.field" t-on-click="() => this.sortBy(column.field)">
              <t t-esc="label(column)"/><t t-if="env.debug"> <span class="o_debug_field_name text-muted">(<t t-esc="column.field"/>)</span></t>
            </th>
          </t>
        </tr></thead>
        <tbody t-if="groupBy.length">
          <ListGroups resModel="props.resModel" domain="domain" groupBy="groupBy" columns="columns" fields="fields" selection="state.selection"
                      tz="tz" onOpen.bind="open" onToggle.bind="toggle" context="props.context or {}" order="order" t-key="state.searchKey"
                      fieldsToRead="archColumns.map((c) => c.field)" editing="editing"/>
        </tbody>
        <tbody t-else="">
          <ListRows rows="state.records" columns="columns" fields="fields" selection="state.selection" tz="tz" onOpen.bind="open" onToggle.bind="toggle" editing="editing"/>
        </tbody>
        <tfoot t-if="hasSums and !groupBy.length"><tr>
          <td/>
          <t t-foreach="columns" t-as="column" t-key="column.field"><td class="o_list_number" t-esc="column.sum ? sum(column.field) : ''"/></t>
        </tr></tfoot>
      </table>
    </div>`;
  static override props = ['*'];
  static components = { NoContentHelp, SearchBar, ListRows, ListGroups, Pager };

  orm = serviceOf<ORM>(this, 'orm');
  user = serviceOf(this, 'user');
  action = serviceOf(this, 'action');
  notification = serviceOf(this, 'notification');
  state = useState({ records: [] as any[], total: 0, offset: 0, order: '', selection: [] as number[], loaded: false, searchKey: 0, edit: null as null | { record: Record; row: any } });
  searchModel!: SearchModel;

  get arch(): any {
    return this.props.views.list.arch;
  }
  get fields(): FieldsGet {
    return this.props.models[this.props.resModel];
  }
  /** Every column the arch names on a known field: all are read, since modifiers of the shown ones may test hidden ones. */
  get archColumns(): FieldNode[] {
    return (this.arch.fields ?? []).filter((c: FieldNode) => this.fields[c.field]);
  }
  get columns(): FieldNode[] {
    return this.archColumns.filter((c) => c.invisible !== true && c.column_invisible !== true);
  }
  get editable(): boolean {
    return this.arch.editable === 'top' || this.arch.editable === 'bottom';
  }
  get editing(): RowEditing | null {
    const record = this.state.edit?.record;
    if (!record) return null;
    return { record, isNew: record.isNew, top: this.arch.editable === 'top', onSave: () => this.saveRow(), onDiscard: () => this.discardRow() };
  }
  get limit(): number {
    return this.props.limit || 80;
  }
  get tz(): string {
    return String(this.user.context.tz ?? 'UTC');
  }
  get order(): string {
    return this.state.order || this.arch.default_order || '';
  }
  get domain() {
    return this.searchModel.domain(this.props.domain ?? []);
  }
  get groupBy(): string[] {
    return this.searchModel.groupBy();
  }
  get allSelected(): boolean {
    return this.state.records.length > 0 && this.state.records.every((r) => this.state.selection.includes(r.id));
  }
  get hasSums(): boolean {
    return this.columns.some((c) => c.sum);
  }

  override setup() {
    this.searchModel = useState(new SearchModel(this.props.views.search?.arch, this.fields, this.props.context ?? {}, this.user.userId));
    onWillStart(() => this.load());
  }

  async load() {
    try {
      if (!this.groupBy.length) {
        const fields = this.archColumns.map((c) => c.field);
        const [records, total] = await Promise.all([
          this.orm.searchRead(this.props.resModel, this.domain, fields, { limit: this.limit, offset: this.state.offset, order: this.order || undefined, context: this.props.context }),
          this.orm.searchCount(this.props.resModel, this.domain, { context: this.props.context }),
        ]);
        this.state.records = records;
        this.state.total = total;
      }
      this.state.loaded = true;
    } catch (error) {
      ignoreShown(error);
    }
  }

  label(column: FieldNode): string {
    return column.string ?? this.fields[column.field]?.string ?? column.field;
  }
  sortClass(column: FieldNode): string {
    const [field, direction] = this.state.order.split(' ');
    return field === column.field ? (direction === 'desc' ? 'o_sort_desc' : 'o_sort_asc') : '';
  }
  async sortBy(field: string) {
    if (this.fields[field]?.sortable === false) return;
    const [current, direction] = this.state.order.split(' ');
    this.state.order = current === field && direction === 'asc' ? `${field} desc` : `${field} asc`;
    this.state.searchKey++;
    await this.load();
  }
  async onSearch() {
    this.state.offset = 0;
    this.state.selection = [];
    this.state.searchKey++;
    await this.load();
  }
  async onPage(offset: number) {
    this.state.offset = offset;
    await this.load();
  }
  /** A row click: edit it in place in an editable list, else open its form. */
  async open(id: number, row?: any) {
    if (this.editable) return this.editRow(id, row);
    this.props.openRecord?.(id, this.state.records.map((r) => r.id));
  }
  async onNew() {
    if (this.editable && !this.groupBy.length) return this.editRow(false);
    this.props.openRecord?.(false);
  }

  /** Starts editing a row (false: a new one), after saving the row being edited. */
  async editRow(resId: number | false, row: any = null) {
    if (this.state.edit?.record.resId === resId && resId) return;
    if (!(await this.saveRow())) return;
    const record = new Record({
      orm: this.orm, resModel: this.props.resModel, fields: this.fields, models: this.props.models, context: this.props.context ?? {},
      activeFields: Object.fromEntries(this.archColumns.map((c) => [c.field, c])),
    }, resId);
    try {
      await record.load();
      this.state.edit = { record, row };
    } catch (error) {
      ignoreShown(error);
    }
  }

  /** Saves the edited row; false (row kept, invalid fields named) when it cannot be saved. */
  async saveRow(): Promise<boolean> {
    const record = this.state.edit?.record;
    if (!record) return true;
    if (!record.isNew && !record.isDirty) {
      this.state.edit = null; // nothing typed: leave the row without a round trip
      return true;
    }
    if (!record.checkValidity()) {
      const labels = [...record.invalid].map((name) => this.fields[name]?.string ?? name);
      this.notification.add(labels.join(', '), { type: 'danger', title: 'Invalid fields:' });
      return false;
    }
    try {
      await record.save();
    } catch (error) {
      ignoreShown(error);
      return false;
    }
    const { row } = this.state.edit!;
    this.state.edit = null;
    // A row of a group is refreshed in place, so the open groups stay open.
    if (row && this.groupBy.length) Object.assign(row, await this.readRow(record.resId as number));
    else await this.load();
    return true;
  }
  async readRow(id: number): Promise<object> {
    const [values] = await this.orm.read(this.props.resModel, [id], this.archColumns.map((c) => c.field), { context: this.props.context });
    return values ?? {};
  }
  discardRow() {
    this.state.edit = null;
  }
  toggle(id: number) {
    const selection = this.state.selection;
    this.state.selection = selection.includes(id) ? selection.filter((s) => s !== id) : [...selection, id];
  }
  toggleAll() {
    this.state.selection = this.allSelected ? [] : this.state.records.map((r) => r.id);
  }
  sum(field: string): string {
    const total = this.state.records.reduce((acc, r) => acc + (Number(r[field]) || 0), 0);
    return total.toLocaleString('en-US', { minimumFractionDigits: this.fields[field]?.type === 'integer' ? 0 : 2, maximumFractionDigits: 2 });
  }
  async deleteSelected() {
    if (!browser.confirm(`Are you sure you want to delete ${this.state.selection.length} record(s)?`)) return;
    try {
      await this.orm.unlink(this.props.resModel, this.state.selection);
      this.state.selection = [];
      await this.load();
    } catch (error) {
      ignoreShown(error);
    }
  }
  /**
   * An arch "actions" entry on the selected records: type object (default) calls the method
   * through call_button with the ids; type action opens the action with active_ids. An action
   * returned by the method runs (a wizard as a dialog, a form); the list reloads after.
   */
  async runListAction(entry: ListActionEntry) {
    if (entry.confirm && !browser.confirm(entry.confirm)) return;
    const resIds = [...this.state.selection];
    try {
      await this.action.doActionButton({
        type: entry.type ?? 'object', name: entry.name, resModel: this.props.resModel, resId: false, resIds,
        context: this.props.context ?? {}, buttonContext: entry.context ?? {}, onClose: () => this.onSearch(),
      });
      await this.onSearch();
    } catch (error) {
      ignoreShown(error);
    }
  }

  async callOnSelection(method: string) {
    try {
      await this.orm.call(this.props.resModel, method, [this.state.selection], { context: this.props.context });
      this.state.selection = [];
      this.state.searchKey++;
      await this.load();
    } catch (error) {
      ignoreShown(error);
    }
  }
}

registry.category('views').add('list', { type: 'list', Controller: ListController });
