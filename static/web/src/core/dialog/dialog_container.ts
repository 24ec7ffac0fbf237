import { Component, useState, xml } from '@odoo/owl';
import { serviceOf } from '../hooks';
import type { DialogService } from '../dialog_service';

/** Renders the open dialogs, each with its close callback. */
export class DialogContainer extends Component {
  static override template = xml`
    <div class="o_dialog_container" t-att-class="{ 'modal-open': service.dialogs.length }">
      <t t-foreach="service.dialogs" t-as="dialog" t-key="dialog.id">
        <div class="modal-backdrop"/>
        <t t-component="dialog.Component" t-props="dialog.props"/>
      </t>
    </div>`;
  static override props = {};
  service = useState(serviceOf<DialogService>(this, 'dialog'));
}
