import { Component, useState, xml } from '@odoo/owl';
import { FormNode, type ButtonNode } from './form_node';
import type { Record } from '../record';

/**
 * A line of a non-editable x2many list in a dialog: the field's sub-form ("form": { "sheet" })
 * or, without one, its list columns as a group. Save & Close keeps the changes in the parent
 * form (saved with it); Discard puts the line back as it was. A button of the sub-form keeps the
 * changes too, then the parent is saved and the button runs on the saved line (as in Odoo).
 */
export class X2ManyLineDialog extends Component<{
  record: Record; nodes: unknown[]; title: string; readonly: boolean; onSave: () => boolean; onDiscard: () => void; close: () => void;
  onButton: (button: ButtonNode) => Promise<void>;
}> {
  static override template = xml`
    <div class="o_dialog modal d-block o_x2many_line_dialog" role="dialog" data-testid="x2many-line-dialog">
      <div class="modal-dialog modal-lg"><div class="modal-content">
        <header class="modal-header">
          <h4 class="modal-title" t-esc="props.title"/>
          <button type="button" class="btn-close" aria-label="Close" t-on-click="discard">×</button>
        </header>
        <main class="modal-body o_form_view o_form_in_dialog">
          <div class="o_form_sheet">
            <t t-foreach="props.nodes" t-as="node" t-key="node_index">
              <FormNode node="node" record="record" readonly="props.readonly" onButton.bind="button"/>
            </t>
          </div>
        </main>
        <footer class="modal-footer">
          <t t-if="props.readonly">
            <button type="button" class="btn btn-secondary o_form_button_cancel" data-testid="x2many-line-close" t-on-click="discard">Close</button>
          </t>
          <t t-else="">
            <button type="button" class="btn btn-primary o_form_button_save" data-testid="x2many-line-save" t-on-click="save">Save &amp; Close</button>
            <button type="button" class="btn btn-secondary o_form_button_cancel" data-testid="x2many-line-discard" t-on-click="discard">Discard</button>
          </t>
        </footer>
      </div></div>
    </div>`;
  static override props = ['record', 'nodes', 'title', 'readonly', 'onSave', 'onDiscard', 'close', 'onButton'];
  static components = { FormNode };

  /** The line observed by this dialog (it renders outside the form, which owns the record). */
  record = useState(this.props.record);

  /** Checked through this dialog's own view of the line, so the invalid marks show here. */
  save() {
    if (this.record.checkValidity() && this.props.onSave()) this.props.close();
  }
  discard() {
    this.props.onDiscard();
    this.props.close();
  }
  /**
   * A button runs on the saved line, so the line is kept (as Save & Close does) and the dialog
   * closes; the parent form then saves and runs it (X2ManyField.runLineButton).
   */
  async button(button: ButtonNode) {
    if (!this.record.checkValidity() || !this.props.onSave()) return;
    this.props.close();
    await this.props.onButton(button);
  }
}
