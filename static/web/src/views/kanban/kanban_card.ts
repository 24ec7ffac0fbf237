import { Component, xml } from '@odoo/owl';
import { formatValue } from '../../core/format';
import type { FieldNode, FieldsGet } from '../record';

/**
 * One record as a card: the arch's first field as its title, the others below it (empty ones
 * left out), badges for `widget: "badge"`. Everything is text (t-esc): names come from users and
 * from Amazon.
 */
export class KanbanCard extends Component<{ record: Record<string, unknown>; fields: FieldNode[]; fieldsGet: FieldsGet; tz: string; onOpen: (id: number) => void }> {
  static override template = xml`
    <div class="o_kanban_record" data-testid="kanban-card" t-att-data-id="props.record.id" tabindex="0"
         t-on-click="() => props.onOpen(props.record.id)" t-on-keydown="onKeydown">
      <div class="o_kanban_record_title" t-esc="text(title)"/>
      <t t-foreach="details" t-as="node" t-key="node.field">
        <div t-if="text(node)" class="o_kanban_record_field" t-att-name="node.field">
          <span t-if="node.widget === 'badge'" t-attf-class="badge o_field_badge o_badge_{{ props.record[node.field] }}" t-esc="text(node)"/>
          <t t-else="">
            <span t-if="node.string" class="o_kanban_field_label"><t t-esc="node.string"/>: </span>
            <t t-esc="text(node)"/>
          </t>
        </div>
      </t>
    </div>`;
  static override props = ['record', 'fields', 'fieldsGet', 'tz', 'onOpen'];

  get title(): FieldNode {
    return this.props.fields[0];
  }
  get details(): FieldNode[] {
    return this.props.fields.slice(1).filter((node) => node.invisible !== true);
  }
  text(node: FieldNode): string {
    return formatValue(this.props.record[node.field], this.props.fieldsGet[node.field] as never, this.props.tz);
  }
  onKeydown(ev: KeyboardEvent) {
    if (ev.key === 'Enter') this.props.onOpen(this.props.record.id as number);
  }
}
