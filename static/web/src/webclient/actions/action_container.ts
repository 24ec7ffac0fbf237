import { Component, useState, xml } from '@odoo/owl';
import { serviceOf } from '../../core/hooks';
import { WindowAction } from './window_action';

/** The main area: breadcrumbs of the action stack and its current controller. */
export class ActionContainer extends Component {
  static override template = xml`
    <div class="o_action_manager">
      <t t-set="current" t-value="stack[stack.length - 1]"/>
      <t t-if="current">
        <ol class="breadcrumb">
          <t t-foreach="stack" t-as="controller" t-key="controller.jsId">
            <li t-if="!controller_last" class="breadcrumb-item"><a href="#" t-on-click.prevent="() => this.action.restore(controller.jsId)" t-esc="crumb(controller)"/></li>
            <li t-else="" class="breadcrumb-item active" t-esc="crumb(controller)"/>
          </t>
        </ol>
        <t t-if="current.viewType === 'client'"><t t-component="current.action.client" action="current.action" t-key="current.jsId"/></t>
        <WindowAction t-else="" action="current.action" viewType="current.viewType" resId="current.resId" jsId="current.jsId" t-key="current.jsId"/>
      </t>
    </div>`;
  static override props = {};
  static components = { WindowAction };

  action = serviceOf(this, 'action');

  /** Subscribes this component to the action stack (a reactive of the service). */
  actionState = useState(this.action.state);

  get stack() {
    return this.actionState.stack;
  }
  crumb(controller: { viewType: string; resId?: number | false; title: string; action: { name?: string } }): string {
    if (controller.viewType === 'form') return controller.resId ? (controller.title && controller.title !== controller.action.name ? controller.title : `#${controller.resId}`) : 'New';
    return controller.action.name ?? controller.title;
  }
}
