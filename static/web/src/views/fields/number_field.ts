import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { formatFloat, formatInteger, formatMonetary } from '../../core/format';
import { standardFieldProps, type FieldProps } from './standard_field_props';

/** integer, float and monetary: formatted when read-only, parsed on change; bad input is refused. */
export class NumberField extends Component<FieldProps> {
  static override template = xml`
    <span t-if="props.readonly" class="o_field_number" t-esc="formatted"/>
    <input t-else="" class="o_input o_field_number" inputmode="decimal" t-att-id="props.id" t-att-name="props.name"
           t-att-value="editValue" t-on-change="onChange"/>`;
  static override props = standardFieldProps;

  get type(): string {
    return this.props.record.fields[this.props.name].type;
  }
  get value(): unknown {
    return this.props.record.data[this.props.name];
  }
  get formatted(): string {
    if (this.type === 'integer') return formatInteger(this.value);
    if (this.type === 'monetary') return formatMonetary(this.value, this.currency);
    return formatFloat(this.value, this.props.record.fields[this.props.name].digits?.[1] ?? 2);
  }
  get editValue(): string {
    return this.value === false || this.value === null || this.value === undefined ? '' : String(this.value);
  }
  get currency(): { symbol: string; position: 'before' | 'after' } | null {
    const field = this.props.record.fields[this.props.name];
    const currency = this.props.record.data[field.currency_field ?? 'currency_id'];
    if (!Array.isArray(currency)) return null;
    const known = (this.env as any).currencies?.[currency[0]];
    return known ?? { symbol: String(currency[1]), position: 'after' };
  }
  onChange(ev: Event) {
    const input = ev.target as HTMLInputElement;
    const text = input.value.replace(/,/g, '').trim();
    if (text === '') return this.props.record.update({ [this.props.name]: this.type === 'integer' ? 0 : 0 });
    const number = Number(text);
    if (!Number.isFinite(number) || (this.type === 'integer' && !Number.isInteger(number))) {
      this.props.record.setBadInput(this.props.name);
      return;
    }
    this.props.record.update({ [this.props.name]: number });
  }
}

for (const type of ['integer', 'float', 'monetary']) registry.category('fields').add(type, { component: NumberField, supportedTypes: [type] });
