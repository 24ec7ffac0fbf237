import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { formatDate, formatDatetime, localToUtc, utcToLocal } from '../../core/format';
import { standardFieldProps, type FieldProps } from './standard_field_props';

/** date and datetime: browser date pickers; datetimes edited in the user's time zone, stored in UTC. */
export class DateField extends Component<FieldProps> {
  static override template = xml`
    <span t-if="props.readonly" class="o_field_date" t-esc="formatted"/>
    <input t-else="" class="o_input" t-att-type="isDatetime ? 'datetime-local' : 'date'" t-att-id="props.id" t-att-name="props.name"
           t-att-value="inputValue" t-on-change="onChange"/>`;
  static override props = standardFieldProps;

  get isDatetime(): boolean {
    return this.props.record.fields[this.props.name].type === 'datetime';
  }
  get tz(): string {
    return String((this.env as any).services?.user?.context?.tz ?? 'UTC');
  }
  get value(): string {
    const value = this.props.record.data[this.props.name];
    return typeof value === 'string' ? value : '';
  }
  get formatted(): string {
    return this.isDatetime ? formatDatetime(this.value, this.tz) : formatDate(this.value);
  }
  get inputValue(): string {
    if (!this.value) return '';
    return this.isDatetime ? utcToLocal(this.value, this.tz).toFormat("yyyy-MM-dd'T'HH:mm") : this.value.slice(0, 10);
  }
  onChange(ev: Event) {
    const text = (ev.target as HTMLInputElement).value;
    const value = !text ? false : this.isDatetime ? localToUtc(text, this.tz) : text;
    this.props.record.update({ [this.props.name]: value });
  }
}

registry.category('fields').add('date', { component: DateField, supportedTypes: ['date'] });
registry.category('fields').add('datetime', { component: DateField, supportedTypes: ['datetime'] });
