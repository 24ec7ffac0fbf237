import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { RecordAutocomplete } from '../../core/record_autocomplete';
import { standardFieldProps, type FieldProps } from './standard_field_props';

/** many2many: tags with a remove cross, and an autocomplete to add more. */
export class Many2ManyTagsField extends Component<FieldProps> {
  static override template = xml`
    <div class="o_field_many2many_tags">
      <t t-foreach="tags" t-as="tag" t-key="tag[0]">
        <span class="o_tag badge"><t t-esc="tag[1]"/><a t-if="!props.readonly" class="o_delete" title="Remove" t-on-click="() => this.remove(tag[0])">×</a></span>
      </t>
      <RecordAutocomplete t-if="!props.readonly" resModel="relation" value="''" id="props.id" excludeIds="tags.map((t) => t[0])"
                          placeholder="props.placeholder or 'Add...'" onSelect.bind="add" t-key="tags.length"/>
    </div>`;
  static override props = standardFieldProps;
  static components = { RecordAutocomplete };

  get relation(): string {
    return this.props.record.fields[this.props.name].relation!;
  }
  get tags(): Array<[number, string]> {
    return (this.props.record.data[this.props.name] as Array<[number, string]>) ?? [];
  }
  add(pair: [number, string] | false) {
    if (pair) this.props.record.update({ [this.props.name]: [...this.tags, pair] });
  }
  remove(id: number) {
    this.props.record.update({ [this.props.name]: this.tags.filter(([tagId]) => tagId !== id) });
  }
}

registry.category('fields').add('many2many', { component: Many2ManyTagsField, supportedTypes: ['many2many'] });
registry.category('fields').add('many2many_tags', { component: Many2ManyTagsField, supportedTypes: ['many2many'] });
