import { Component, useState, xml } from '@odoo/owl';
import { serviceOf, ignoreShown } from '../../core/hooks';
import type { ORM } from '../../core/orm_service';
import { formatValue } from '../../core/format';
import { ListRows } from './list_renderer';
import type { FieldNode, FieldsGet } from '../record';
import type { RowEditing } from './list_renderer';
import type { Domain } from '../../core/domain';

/**
 * One read_group level: a row per group (value and count), opened on click to show the next
 * level or the records of the group (its __domain).
 */
export class ListGroups extends Component<{
  resModel: string; domain: Domain; groupBy: string[]; columns: FieldNode[]; fields: FieldsGet; selection: number[]; tz: string;
  onOpen: (id: number, row?: any) => void; onToggle: (id: number) => void; context: Record<string, unknown>; order?: string; level?: number;
  editing?: RowEditing | null; fieldsToRead?: string[];
}> {
  static override template = xml`
    <t t-foreach="state.groups" t-as="group" t-key="group_index">
      <tr class="o_group_header" t-on-click="() => this.toggle(group)">
        <th t-att-colspan="props.columns.length + 1" t-att-style="'padding-left:' + ((props.level or 0) * 20 + 8) + 'px'">
          <span class="o_group_caret" t-esc="group.open ? '▾' : '▸'"/>
          <span class="o_group_name" t-esc="group.label"/> (<t t-esc="group.count"/>)
        </th>
      </tr>
      <t t-if="group.open">
        <ListGroups t-if="props.groupBy.length > 1" resModel="props.resModel" domain="group.domain" groupBy="props.groupBy.slice(1)" columns="props.columns"
                    fields="props.fields" selection="props.selection" tz="props.tz" onOpen="props.onOpen" onToggle="props.onToggle"
                    context="props.context" order="props.order" level="(props.level or 0) + 1" editing="props.editing" fieldsToRead="props.fieldsToRead"/>
        <ListRows t-else="" rows="group.rows" columns="props.columns" fields="props.fields" selection="props.selection" tz="props.tz"
                  onOpen="props.onOpen" onToggle="props.onToggle" indent="(props.level or 0) + 1" editing="props.editing"/>
      </t>
    </t>`;
  static override props = ['resModel', 'domain', 'groupBy', 'columns', 'fields', 'selection', 'tz', 'onOpen', 'onToggle', 'context', 'order?', 'level?', 'editing?', 'fieldsToRead?'];
  static components = { ListRows, ListGroups };

  orm = serviceOf<ORM>(this, 'orm');
  state = useState({ groups: [] as Array<{ label: string; count: number; domain: Domain; open: boolean; rows: any[] }> });

  override setup() {
    this.load().catch(ignoreShown);
  }

  async load() {
    const groupBy = this.props.groupBy[0];
    const field = this.props.fields[groupBy.split(':')[0]];
    const groups = await this.orm.readGroup(this.props.resModel, this.props.domain, ['__count'], [groupBy], { lazy: true, context: this.props.context });
    this.state.groups = groups.map((group: any) => ({
      label: group[groupBy] === false ? 'None' : field?.type === 'many2one' || groupBy.includes(':') ? String(Array.isArray(group[groupBy]) ? group[groupBy][1] : group[groupBy]) : formatValue(group[groupBy], field as any),
      count: group[`${groupBy}_count`] ?? group.__count ?? 0,
      domain: group.__domain,
      open: false,
      rows: [],
    }));
  }

  async toggle(group: { open: boolean; rows: any[]; domain: Domain }) {
    group.open = !group.open;
    if (group.open && this.props.groupBy.length === 1) {
      try {
        group.rows = await this.orm.searchRead(this.props.resModel, group.domain, this.props.fieldsToRead ?? this.props.columns.map((c) => c.field), { limit: 80, order: this.props.order, context: this.props.context });
      } catch (error) {
        ignoreShown(error);
      }
    }
  }
}
