import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { standardFieldProps, type FieldProps } from './standard_field_props';

/** text and html: always shown as text (data from Amazon and users is never markup here). */
export class TextField extends Component<FieldProps> {
  static override template = xml`
    <span t-if="props.readonly" class="o_field_text" t-esc="value"/>
    <textarea t-else="" class="o_input" t-att-id="props.id" t-att-name="props.name" t-att-placeholder="props.placeholder or ''"
              t-att-value="value" t-on-input="onInput"/>`;
  static override props = standardFieldProps;

  get value(): string {
    const value = this.props.record.data[this.props.name];
    return value ? String(value) : '';
  }
  onInput(ev: Event) {
    this.props.record.update({ [this.props.name]: (ev.target as HTMLTextAreaElement).value });
  }
}

registry.category('fields').add('text', { component: TextField, supportedTypes: ['text'] });
registry.category('fields').add('html', { component: TextField, supportedTypes: ['html'] });
