import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { standardFieldProps, type FieldProps } from './standard_field_props';

/** boolean (a checkbox) and boolean_toggle (the same, drawn as a switch). */
export class BooleanField extends Component<FieldProps> {
  static override template = xml`
    <label t-attf-class="o_field_boolean {{ props.widget === 'boolean_toggle' ? 'o_boolean_toggle' : '' }}">
      <input type="checkbox" t-att-id="props.id" t-att-name="props.name" t-att-checked="checked" t-att-disabled="props.readonly"
             t-on-change="onChange"/>
      <span t-if="props.widget === 'boolean_toggle'" class="o_toggle_slider"/>
    </label>`;
  static override props = standardFieldProps;

  get checked(): boolean {
    return Boolean(this.props.record.data[this.props.name]);
  }
  onChange(ev: Event) {
    this.props.record.update({ [this.props.name]: (ev.target as HTMLInputElement).checked });
  }
}

registry.category('fields').add('boolean', { component: BooleanField, supportedTypes: ['boolean'], inList: true });
registry.category('fields').add('boolean_toggle', { component: BooleanField, supportedTypes: ['boolean'], inList: true });
