import { Component, onWillStart, useState, useSubEnv, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { serviceOf, ignoreShown } from '../../core/hooks';
import type { ORM } from '../../core/orm_service';
import { Record, collectFieldNodes, type FieldsGet } from '../record';
import { FormNode, type ButtonNode } from './form_node';
import { StatusBar } from './status_bar';
import { usePoll } from './use_poll';
import { MessageLog } from '../../mail/message_log';
import { ActivityList } from '../../mail/activity_list';
import type { ViewProps } from '../view_props';
import { browser } from '../../core/browser/browser';


/**
 * The form view: always editable (Odoo 17), Save / Discard, header buttons and statusbar, the
 * sheet's nodes and the message log. In a dialog (target "new") the footer buttons replace Save.
 */
export class FormController extends Component<ViewProps> {
  static override template = xml`
    <div class="o_form_view" t-att-class="{ o_form_dirty: record.isDirty, o_form_in_dialog: props.inDialog }">
      <div class="o_form_buttons" t-if="!props.inDialog">
        <button type="button" class="btn btn-primary o_form_button_save" data-testid="form-save" t-att-disabled="state.busy" t-on-click="() => this.save()">Save</button>
        <button type="button" class="btn btn-secondary o_form_button_cancel" data-testid="form-discard" t-att-disabled="state.busy" t-on-click="discard">Discard</button>
        <button t-if="record.resId and props.canDelete !== false" type="button" class="btn btn-link o_form_button_delete" data-testid="form-delete" t-on-click="remove">Delete</button>
      </div>
      <div class="o_form_statusbar" t-if="arch.header">
        <div class="o_statusbar_buttons">
          <t t-foreach="arch.header.buttons or []" t-as="button" t-key="button_index">
            <button t-if="!record.evalModifier(button.invisible)" type="button" t-attf-class="btn {{ button.class or 'btn-secondary' }}"
                    t-att-name="button.name" t-att-data-testid="'button-' + button.name" t-att-disabled="state.busy" t-on-click="() => this.onButton(button)" t-esc="button.string or button.name"/>
          </t>
        </div>
        <StatusBar t-if="arch.header.statusbar" record="record" field="arch.header.statusbar.field" visible="arch.header.statusbar.visible"/>
      </div>
      <div class="o_form_sheet">
        <t t-foreach="arch.sheet or []" t-as="node" t-key="node_index">
          <FormNode node="node" record="record" onButton.bind="onButton"/>
        </t>
      </div>
      <div class="o_form_footer modal-footer" t-if="props.inDialog">
        <t t-if="arch.footer">
          <t t-foreach="arch.footer.buttons or []" t-as="button" t-key="button_index">
            <button t-if="!record.evalModifier(button.invisible)" type="button" t-attf-class="btn {{ button.class or 'btn-secondary' }}"
                    t-att-name="button.name or button.special" t-att-data-testid="'button-' + (button.name or button.special)" t-on-click="() => this.onButton(button)" t-esc="button.string"/>
          </t>
        </t>
        <t t-else="">
          <button type="button" class="btn btn-primary o_form_button_save" data-testid="dialog-save" t-on-click="saveAndClose">Save &amp; Close</button>
          <button type="button" class="btn btn-secondary o_form_button_cancel" data-testid="dialog-discard" t-on-click="() => props.close and props.close()">Discard</button>
        </t>
      </div>
      <div t-if="arch.chatter and record.resId" class="o_form_chatter" data-testid="chatter">
        <ActivityList resModel="props.resModel" resId="record.resId" reloadKey="state.reloadKey"/>
        <MessageLog resModel="props.resModel" resId="record.resId" reloadKey="state.reloadKey"/>
      </div>
    </div>`;
  static override props = ['*'];
  static components = { FormNode, StatusBar, MessageLog, ActivityList };

  orm = serviceOf<ORM>(this, 'orm');
  action = serviceOf(this, 'action');
  notification = serviceOf(this, 'notification');
  state = useState({ busy: false, reloadKey: 0 });
  record!: Record;

  get arch(): any {
    return this.props.views.form.arch;
  }

  override setup() {
    const fields: FieldsGet = this.props.models[this.props.resModel];
    this.record = useState(new Record({
      orm: this.orm, resModel: this.props.resModel, fields, models: this.props.models,
      activeFields: collectFieldNodes([this.arch.sheet, this.arch.header?.statusbar ? { field: this.arch.header.statusbar.field } : null]),
      context: this.props.context ?? {},
      onchange: { onWarning: ({ title, message }) => this.notification.add(message, { type: 'warning', title }) },
    }, this.props.resId ?? false));
    onWillStart(async () => {
      try {
        await this.record.load();
        this.props.onRecordLoaded?.(this.record);
      } catch (error) {
        ignoreShown(error); // already notified: show the empty form rather than crash the client
      }
    });
    // Buttons of a one2many line's dialog save this record first, then reload it (see X2ManyField).
    useSubEnv({ form: { save: () => this.save(), reload: () => this.reload(), context: () => this.props.context ?? {} } });
    this.schedulePoll = usePoll(() => this.arch.poll, () => Boolean(this.record.resId) && this.record.evalModifier(this.arch.poll?.while ?? true),
      () => (this.record.isDirty ? Promise.resolve() : this.reload()));
  }

  /** Re-arms the arch's "poll" (live progress) after the record changed. */
  schedulePoll: () => void = () => undefined;

  /** Saves; false when nothing could be saved (invalid fields are marked and listed). */
  async save(): Promise<boolean> {
    if (this.state.busy) return false;
    this.state.busy = true;
    try {
      await this.record.whenOnchangeDone();
      if (!this.record.checkValidity()) {
        const labels = [...this.record.invalid].map((name) => this.record.fields[name]?.string ?? name);
        this.notification.add(labels.length ? labels.join(', ') : 'Some lines are incomplete.', { type: 'danger', title: 'Invalid fields:' });
        return false;
      }
      await this.record.save();
      this.props.onRecordLoaded?.(this.record);
      this.state.reloadKey++;
      return true;
    } catch (error) {
      ignoreShown(error);
      return false;
    } finally {
      this.state.busy = false;
    }
  }

  async discard() {
    if (!this.record.resId) return this.props.onDiscardNew?.();
    await this.record.load();
  }

  async remove() {
    if (!browser.confirm('Are you sure you want to delete this record?')) return;
    try {
      await this.orm.unlink(this.props.resModel, [this.record.resId as number]);
      this.props.onDeleted?.();
    } catch (error) {
      ignoreShown(error);
    }
  }

  async saveAndClose() {
    if (await this.save()) this.props.close?.();
  }

  /** Header / sheet / footer buttons: save first, then run the method or action (Odoo's flow). */
  async onButton(button: ButtonNode) {
    if (button.special === 'cancel') return this.props.close?.();
    if (button.special === 'save') return this.saveAndClose();
    if (button.confirm && !browser.confirm(button.confirm)) return;
    if ((this.record.isNew || this.record.isDirty) && !(await this.save())) return;
    try {
      this.state.busy = true;
      await this.action.doActionButton({
        type: button.type ?? 'object', name: button.name ?? button.button, resModel: this.props.resModel, resId: this.record.resId,
        context: this.props.context ?? {}, buttonContext: button.context ?? {},
        onClose: () => this.reload(),
      }, { inDialog: this.props.inDialog, closeDialog: this.props.close });
      if (!this.props.inDialog) await this.reload();
    } catch (error) {
      ignoreShown(error);
    } finally {
      this.state.busy = false;
    }
  }

  async reload() {
    if (this.record.resId) await this.record.load();
    this.state.reloadKey++;
    this.schedulePoll();
  }
}

registry.category('views').add('form', { type: 'form', Controller: FormController });
