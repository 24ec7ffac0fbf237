import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { RecordAutocomplete } from '../../core/record_autocomplete';
import { bindRecordValues, type Domain } from '../../core/domain';
import { standardFieldProps, type FieldProps } from './standard_field_props';

/** many2one: the related record's name; edited with name_search autocompletion. */
export class Many2OneField extends Component<FieldProps> {
  static override template = xml`
    <span t-if="props.readonly" class="o_field_many2one" t-esc="displayName"/>
    <RecordAutocomplete t-else="" resModel="relation" value="displayName" id="props.id" placeholder="props.placeholder"
                        domain="domain" canCreate="true" onSelect.bind="onSelect" t-key="keyOfValue"/>`;
  static override props = standardFieldProps;
  static components = { RecordAutocomplete };

  get relation(): string {
    return this.props.record.fields[this.props.name].relation!;
  }
  get value(): [number, string] | false {
    const value = this.props.record.data[this.props.name];
    return Array.isArray(value) ? (value as [number, string]) : false;
  }
  get displayName(): string {
    return this.value ? String(this.value[1]) : '';
  }
  /** Remounts the input when the value changes from outside (discard, reload). */
  get keyOfValue(): string {
    return this.value ? String(this.value[0]) : 'none';
  }
  /** The node's domain, with "$record.<field>" values taken from the record as edited. */
  get domain(): unknown[] {
    return bindRecordValues((this.props.node?.domain as Domain) ?? [], this.props.record.data);
  }
  onSelect(pair: [number, string] | false) {
    this.props.record.update({ [this.props.name]: pair });
  }
}

registry.category('fields').add('many2one', { component: Many2OneField, supportedTypes: ['many2one'] });
