import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import type { Record } from '../record';
import type { FieldRegistryEntry } from './standard_field_props';

/** The widget for a field node: its "widget", else its type; char when neither is known. */
export function fieldComponent(widget: string | undefined, type: string): FieldRegistryEntry {
  const fields = registry.category<FieldRegistryEntry>('fields');
  if (widget && fields.contains(widget)) return fields.get(widget);
  if (fields.contains(type)) return fields.get(type);
  return fields.get('char');
}

/**
 * A field of a record with its modifiers applied: hidden when invisible, read-only when the
 * field or the modifier says so, marked when required and when invalid after a save attempt.
 */
export class Field extends Component<{ record: Record; node: { field: string; widget?: string; placeholder?: string; [k: string]: unknown }; readonly?: boolean; id?: string }> {
  static override template = xml`
    <div t-if="!invisible" t-attf-class="o_field_widget o_field_{{ type }} {{ props.node.class or '' }} {{ required ? 'o_required_modifier' : '' }} {{ invalid ? 'o_field_invalid' : '' }}"
         t-att-name="props.node.field" t-att-data-testid="'field-' + props.node.field">
      <t t-component="entry.component" record="props.record" name="props.node.field" readonly="readonly" widget="props.node.widget"
         placeholder="props.node.placeholder" id="props.id" node="props.node"/>
      <div t-if="serverError" class="o_field_error_message text-danger" t-att-data-testid="'field-error-' + props.node.field" t-esc="serverError"/>
    </div>`;
  static override props = { record: Object, node: Object, readonly: { type: Boolean, optional: true }, id: { type: String, optional: true } };

  get type(): string {
    return this.props.record.fields[this.props.node.field]?.type ?? 'char';
  }
  get entry(): FieldRegistryEntry {
    return fieldComponent(this.props.node.widget, this.type);
  }
  get invisible(): boolean {
    return this.props.record.evalModifier(this.props.node.invisible as any);
  }
  get readonly(): boolean {
    const { record, node } = this.props;
    return Boolean(this.props.readonly) || Boolean(record.fields[node.field]?.readonly) || record.evalModifier(node.readonly as any);
  }
  get required(): boolean {
    return this.props.record.fields[this.props.node.field]?.required || this.props.record.evalModifier(this.props.node.required as any);
  }
  get invalid(): boolean {
    return this.props.record.invalid.has(this.props.node.field);
  }
  /** The server's message refusing this field's value, if the last save was refused for it. */
  get serverError(): string {
    return this.props.record.fieldErrors[this.props.node.field] ?? '';
  }
}
