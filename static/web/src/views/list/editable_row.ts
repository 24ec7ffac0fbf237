import { Component, xml } from '@odoo/owl';
import { Field } from '../fields/field';
import type { FieldNode, Record } from '../record';

/**
 * The row of an editable list ("editable": "bottom" | "top") being edited: a field widget per
 * column on the row's record. Enter saves, Escape discards; clicks stay inside the row.
 */
export class EditableRow extends Component<{ record: Record; columns: FieldNode[]; onSave: () => void; onDiscard: () => void }> {
  static override template = xml`
    <tr class="o_data_row o_selected_row" t-att-data-id="props.record.resId or 'new'" data-testid="list-edited-row"
        t-on-keydown="onKeydown" t-on-click.stop="keepClick">
      <td class="o_list_record_selector"/>
      <t t-foreach="props.columns" t-as="column" t-key="column.field">
        <td class="o_data_cell o_field_cell" t-att-name="column.field">
          <Field record="props.record" node="column"/>
        </td>
      </t>
    </tr>`;
  static override props = { record: Object, columns: Array, onSave: Function, onDiscard: Function };
  static components = { Field };

  /** A click inside the edited row must not reach the list, which would open or switch rows. */
  keepClick() {}

  onKeydown(ev: KeyboardEvent) {
    if (ev.key === 'Enter' && !(ev.target as HTMLElement).closest('.o_autocomplete_dropdown')) {
      ev.preventDefault();
      // a number field commits on change: blur first so Enter saves what was typed
      (ev.target as HTMLElement).dispatchEvent(new Event('change', { bubbles: true }));
      this.props.onSave();
    } else if (ev.key === 'Escape') {
      this.props.onDiscard();
    }
  }
}
