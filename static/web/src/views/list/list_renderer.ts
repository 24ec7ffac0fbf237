import { Component, xml } from '@odoo/owl';
import { formatValue } from '../../core/format';
import { evaluateModifier } from '../../core/domain';
import { fieldComponent } from '../fields/field';
import type { FieldNode, FieldsGet, Record as RowRecord } from '../record';
import { EditableRow } from './editable_row';

/** The row being edited in an editable list, and what its keys do. */
export interface RowEditing { record: RowRecord; isNew: boolean; top: boolean; onSave: () => void; onDiscard: () => void }

/** Rows of a list: formatted cells (text only), a checkbox per row, click to open. */
export class ListRows extends Component<{
  rows: any[]; columns: FieldNode[]; fields: FieldsGet; selection: number[]; tz: string;
  onOpen: (id: number, row?: any) => void; onToggle: (id: number) => void; indent?: number; editing?: RowEditing | null;
}> {
  static override template = xml`
    <EditableRow t-if="props.editing and props.editing.isNew and props.editing.top" record="props.editing.record" columns="props.columns"
                 onSave="props.editing.onSave" onDiscard="props.editing.onDiscard"/>
    <t t-foreach="props.rows" t-as="row" t-key="row.id">
      <EditableRow t-if="props.editing and props.editing.record.resId === row.id" record="props.editing.record" columns="props.columns"
                   onSave="props.editing.onSave" onDiscard="props.editing.onDiscard"/>
      <tr t-else="" class="o_data_row" data-testid="list-row" t-att-data-id="row.id" t-on-click="() => props.onOpen(row.id, row)">
        <td class="o_list_record_selector" t-on-click.stop="() => props.onToggle(row.id)">
          <input type="checkbox" t-att-checked="props.selection.includes(row.id)"/>
        </td>
        <t t-foreach="props.columns" t-as="column" t-key="column.field">
          <td t-attf-class="o_data_cell o_field_cell {{ alignClass(column) }}" t-att-name="column.field" t-att-style="column_index === 0 and props.indent ? 'padding-left:' + (props.indent * 20 + 8) + 'px' : ''">
            <t t-if="!cellInvisible(column, row)">
              <span t-if="column.widget === 'badge'" t-attf-class="badge o_field_badge o_badge_{{ row[column.field] }}" t-esc="cellText(column, row)"/>
              <input t-elif="props.fields[column.field]?.type === 'boolean'" type="checkbox" disabled="disabled" t-att-checked="row[column.field]"/>
              <t t-else="" t-esc="cellText(column, row)"/>
            </t>
          </td>
        </t>
      </tr>
    </t>
    <EditableRow t-if="props.editing and props.editing.isNew and !props.editing.top" record="props.editing.record" columns="props.columns"
                 onSave="props.editing.onSave" onDiscard="props.editing.onDiscard"/>`;
  static override props = ['rows', 'columns', 'fields', 'selection', 'tz', 'onOpen', 'onToggle', 'indent?', 'editing?'];
  static components = { EditableRow };

  cellText(column: FieldNode, row: Record<string, unknown>): string {
    return formatValue(row[column.field], this.props.fields[column.field] as any, this.props.tz);
  }
  cellInvisible(column: FieldNode, row: Record<string, unknown>): boolean {
    return Array.isArray(column.invisible) && evaluateModifier(column.invisible, row);
  }
  alignClass(column: FieldNode): string {
    const type = this.props.fields[column.field]?.type;
    return ['integer', 'float', 'monetary'].includes(type) ? 'o_list_number' : '';
  }
  /** Widgets usable in lists are registered with inList; kept for addons' custom cells. */
  hasWidget(column: FieldNode): boolean {
    return Boolean(column.widget && fieldComponent(column.widget, this.props.fields[column.field]?.type).inList);
  }
}
