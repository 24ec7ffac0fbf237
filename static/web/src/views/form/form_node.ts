import { Component, useState, xml } from '@odoo/owl';
import { Field } from '../fields/field';
import type { Record } from '../record';

export interface ButtonNode {
  name?: string;
  button?: string;
  string?: string;
  type?: 'object' | 'action';
  class?: string;
  invisible?: unknown;
  context?: Record_Ctx;
  confirm?: string;
  special?: 'cancel' | 'save';
}
type Record_Ctx = { [key: string]: unknown };

let uid = 0;

/**
 * One node of a form arch (field, group, notebook, separator, button), rendering its children
 * with itself: the form arch is a tree of these. See docs/views.md for the node kinds.
 */
export class FormNode extends Component<{ node: any; record: Record; readonly?: boolean; inGroup?: boolean; onButton: (button: ButtonNode) => void }> {
  static override template = xml`
    <t t-set="node" t-value="props.node"/>
    <t t-if="isInvisible(node)"/>
    <t t-elif="node.field !== undefined">
      <div t-if="props.inGroup and !node.nolabel" class="o_wrap_field">
        <label class="o_form_label" t-att-for="fieldId" t-esc="label(node)"/>
        <Field record="props.record" node="node" readonly="props.readonly" id="fieldId"/>
      </div>
      <div t-else="" class="o_field_block">
        <label t-if="isX2many(node) and !node.nolabel" class="o_form_label" t-esc="label(node)"/>
        <Field record="props.record" node="node" readonly="props.readonly" id="fieldId"/>
      </div>
    </t>
    <t t-elif="node.group !== undefined">
      <div t-attf-class="o_group {{ hasSubGroups(node) ? 'o_group_row' : 'o_inner_group' }}">
        <div t-if="node.string" class="o_horizontal_separator" t-esc="node.string"/>
        <t t-foreach="node.group" t-as="child" t-key="child_index">
          <FormNode node="child" record="props.record" readonly="props.readonly" inGroup="true" onButton="props.onButton"/>
        </t>
      </div>
    </t>
    <t t-elif="node.notebook !== undefined">
      <div class="o_notebook">
        <ul class="nav nav-tabs">
          <t t-foreach="visiblePages" t-as="page" t-key="page_index">
            <li class="nav-item"><a href="#" t-att-data-testid="'page-' + page.page" t-attf-class="nav-link {{ page_index === activePage ? 'active' : '' }}" t-on-click.prevent="() => this.state.page = page_index" t-esc="page.page"/></li>
          </t>
        </ul>
        <div class="tab-content" t-if="visiblePages[activePage]">
          <t t-foreach="visiblePages[activePage].children or []" t-as="child" t-key="activePage + '_' + child_index">
            <FormNode node="child" record="props.record" readonly="props.readonly" onButton="props.onButton"/>
          </t>
        </div>
      </div>
    </t>
    <t t-elif="node.separator !== undefined"><div class="o_horizontal_separator" t-esc="node.separator"/></t>
    <t t-elif="node.button !== undefined">
      <button type="button" t-attf-class="btn {{ node.class or 'btn-secondary' }}" t-att-name="node.button" t-att-data-testid="'button-' + node.button" t-on-click="() => props.onButton(node)" t-esc="node.string or node.button"/>
    </t>`;
  static override props = { node: Object, record: Object, readonly: { type: Boolean, optional: true }, inGroup: { type: Boolean, optional: true }, onButton: Function };
  static components = { Field, FormNode };

  state = useState({ page: 0 });
  fieldId = `o_field_input_${++uid}`;

  isInvisible(node: { invisible?: unknown }): boolean {
    return this.props.record.evalModifier(node.invisible as any);
  }
  isX2many(node: { field: string }): boolean {
    const type = this.props.record.fields[node.field]?.type;
    return type === 'one2many' || type === 'many2many' && !!(node as any).list;
  }
  label(node: { field: string; string?: string }): string {
    return node.string ?? this.props.record.fields[node.field]?.string ?? node.field;
  }
  hasSubGroups(node: { group: unknown[] }): boolean {
    return node.group.length > 0 && node.group.every((child: any) => child && child.group !== undefined);
  }
  get visiblePages(): Array<{ page: string; children?: unknown[] }> {
    return (this.props.node.notebook as any[]).filter((page) => !this.isInvisible(page));
  }
  get activePage(): number {
    return Math.min(this.state.page, Math.max(this.visiblePages.length - 1, 0));
  }
}
