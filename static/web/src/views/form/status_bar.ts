import { Component, xml } from '@odoo/owl';
import type { Record } from '../record';

/** The statusbar of a form header: the states to show, the current one highlighted. */
export class StatusBar extends Component<{ record: Record; field: string; visible?: string[] }> {
  static override template = xml`
    <div class="o_statusbar_status" t-att-name="props.field">
      <t t-foreach="states" t-as="state" t-key="state[0]">
        <span t-attf-class="o_arrow_button {{ state[0] === current ? 'o_arrow_button_current' : '' }}" t-att-data-value="state[0]" t-esc="state[1]"/>
      </t>
    </div>`;
  static override props = { record: Object, field: String, visible: { type: Array, optional: true } };

  get current(): unknown {
    return this.props.record.data[this.props.field];
  }
  get states(): Array<[string, string]> {
    const selection = this.props.record.fields[this.props.field]?.selection ?? [];
    const visible = this.props.visible;
    return selection.filter(([key]: [string, string]) => !visible || visible.includes(key) || key === this.current);
  }
}
