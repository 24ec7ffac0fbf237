import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { Field } from '../fields/field';
import { standardFieldProps, type FieldProps } from '../fields/standard_field_props';
import type { Record, StaticList } from '../record';

/** one2many: the lines as an editable list (add a line, edit in place, delete). */
export class X2ManyField extends Component<FieldProps> {
  static override template = xml`
    <div class="o_field_x2many o_field_one2many">
      <table class="o_list_table o_x2many_list">
        <thead><tr>
          <t t-foreach="columns" t-as="column" t-key="column.field"><th t-esc="columnLabel(column)"/></t>
          <th t-if="!props.readonly" class="o_list_record_remove_header"/>
        </tr></thead>
        <tbody>
          <t t-foreach="list.records" t-as="line" t-key="line_index">
            <tr class="o_data_row">
              <t t-foreach="columns" t-as="column" t-key="column.field">
                <td class="o_data_cell"><Field record="line" node="column" readonly="props.readonly"/></td>
              </t>
              <td t-if="!props.readonly" class="o_list_record_remove"><button type="button" class="btn btn-link" title="Delete" t-on-click="() => this.remove(line)">🗑</button></td>
            </tr>
          </t>
          <tr t-if="!props.readonly"><td t-att-colspan="columns.length + 1"><a href="#" class="o_field_x2many_list_row_add" t-on-click.prevent="addLine">Add a line</a></td></tr>
        </tbody>
      </table>
    </div>`;
  static override props = standardFieldProps;
  static components = { Field };

  get list(): StaticList {
    return this.props.record.data[this.props.name] as StaticList;
  }
  get columns() {
    return this.list.columns;
  }
  columnLabel(column: { field: string; string?: string }): string {
    return column.string ?? this.list.config.fields[column.field]?.string ?? column.field;
  }
  addLine() {
    const field = this.props.record.fields[this.props.name];
    const defaults = field.relation_field && this.props.record.resId ? { [field.relation_field]: [this.props.record.resId, ''] } : {};
    this.list.addNew(field.relation_field ? {} : defaults);
    this.props.record.changes.add(this.props.name);
  }
  remove(line: Record) {
    this.list.remove(line);
    this.props.record.changes.add(this.props.name);
  }
}

registry.category('fields').add('one2many', { component: X2ManyField, supportedTypes: ['one2many'] });
