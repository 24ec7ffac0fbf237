import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { standardFieldProps, type FieldProps } from './standard_field_props';

/** char (and email / url / phone): an input; links when read-only. */
export class CharField extends Component<FieldProps> {
  static override template = xml`
    <t t-if="props.readonly">
      <a t-if="href" class="o_field_link" t-att-href="href" t-esc="value"/>
      <span t-else="" class="o_field_char" t-esc="value"/>
    </t>
    <input t-else="" class="o_input" type="text" t-att-id="props.id" t-att-name="props.name" t-att-value="value"
           t-att-placeholder="props.placeholder or ''" t-on-input="onInput"/>`;
  static override props = standardFieldProps;

  get value(): string {
    const value = this.props.record.data[this.props.name];
    return value === false || value === null || value === undefined ? '' : String(value);
  }
  /** Only safe schemes become links: the value is user data. */
  get href(): string | null {
    const value = this.value;
    if (!value) return null;
    if (this.props.widget === 'email') return `mailto:${value}`;
    if (this.props.widget === 'phone') return `tel:${value}`;
    if (this.props.widget === 'url') return /^https?:\/\//i.test(value) ? value : `http://${value}`;
    return null;
  }
  onInput(ev: Event) {
    this.props.record.update({ [this.props.name]: (ev.target as HTMLInputElement).value });
  }
}

const fields = registry.category('fields');
fields.add('char', { component: CharField, supportedTypes: ['char'] });
fields.add('email', { component: CharField, supportedTypes: ['char'] });
fields.add('url', { component: CharField, supportedTypes: ['char'] });
fields.add('phone', { component: CharField, supportedTypes: ['char'] });
