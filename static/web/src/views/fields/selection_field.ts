import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { formatSelection } from '../../core/format';
import { standardFieldProps, type FieldProps } from './standard_field_props';

/** selection: a select; badge: the label in a coloured pill (read-only). */
export class SelectionField extends Component<FieldProps> {
  static override template = xml`
    <span t-if="props.widget === 'badge'" t-attf-class="o_field_badge badge o_badge_{{ value }}" t-esc="label"/>
    <span t-elif="props.readonly" class="o_field_selection" t-esc="label"/>
    <select t-else="" class="o_input" t-att-id="props.id" t-att-name="props.name" t-on-change="onChange">
      <option value="" t-att-selected="!value"/>
      <t t-foreach="options" t-as="option" t-key="option[0]">
        <option t-att-value="option[0]" t-att-selected="option[0] === value" t-esc="option[1]"/>
      </t>
    </select>`;
  static override props = standardFieldProps;

  get options(): Array<[string, string]> {
    return this.props.record.fields[this.props.name].selection ?? [];
  }
  get value(): string | false {
    return (this.props.record.data[this.props.name] as string) || false;
  }
  get label(): string {
    return formatSelection(this.value, this.options);
  }
  onChange(ev: Event) {
    const value = (ev.target as HTMLSelectElement).value;
    this.props.record.update({ [this.props.name]: value || false });
  }
}

registry.category('fields').add('selection', { component: SelectionField, supportedTypes: ['selection'] });
registry.category('fields').add('badge', { component: SelectionField, supportedTypes: ['selection', 'char'], inList: true });
