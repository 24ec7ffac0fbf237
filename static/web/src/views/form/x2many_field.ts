import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { Field } from '../fields/field';
import { standardFieldProps, type FieldProps } from '../fields/standard_field_props';
import { toClientValues, type Record, type StaticList } from '../record';
import { serviceOf, ignoreShown } from '../../core/hooks';
import { browser } from '../../core/browser/browser';
import type { DialogService } from '../../core/dialog_service';
import { X2ManyLineDialog } from './x2many_line_dialog';
import type { ButtonNode } from './form_node';

/** What the form around an x2many field lends it (FormController's sub-env). */
interface FormEnv { save(): Promise<boolean>; reload(): Promise<void>; context(): { [key: string]: unknown } }

/**
 * one2many: the lines as a list. With "editable" on the field node they are edited in place;
 * without it a click opens the line in a sub-form dialog (X2ManyLineDialog), as Odoo does.
 */
export class X2ManyField extends Component<FieldProps> {
  static override template = xml`
    <div class="o_field_x2many o_field_one2many">
      <table class="o_list_table o_x2many_list">
        <thead><tr>
          <t t-foreach="columns" t-as="column" t-key="column.field"><th t-esc="columnLabel(column)"/></t>
          <th t-if="!props.readonly" class="o_list_record_remove_header"/>
        </tr></thead>
        <tbody>
          <t t-foreach="list.records" t-as="line" t-key="line_index">
            <tr class="o_data_row" t-att-class="{ o_row_with_dialog: !inPlace }" t-att-data-id="line.resId or 'new'" t-on-click="() => this.openLine(line)">
              <t t-foreach="columns" t-as="column" t-key="column.field">
                <td class="o_data_cell"><Field record="line" node="column" readonly="props.readonly or !inPlace"/></td>
              </t>
              <td t-if="!props.readonly" class="o_list_record_remove"><button type="button" class="btn btn-link" title="Delete" data-testid="x2many-remove" t-on-click.stop="() => this.remove(line)">🗑</button></td>
            </tr>
          </t>
          <tr t-if="!props.readonly"><td t-att-colspan="columns.length + 1"><a href="#" class="o_field_x2many_list_row_add" data-testid="x2many-add" t-on-click.prevent="addLine">Add a line</a></td></tr>
        </tbody>
      </table>
    </div>`;
  static override props = standardFieldProps;
  static components = { Field };

  dialog = serviceOf<DialogService>(this, 'dialog');
  action = serviceOf(this, 'action');
  notification = serviceOf(this, 'notification');

  get list(): StaticList {
    return this.props.record.data[this.props.name] as StaticList;
  }
  /** Columns shown: a column_invisible column (true, or a domain on the parent record) or an
   * always-invisible one (invisible: true) is hidden whole, header and cells (Odoo 17). */
  get columns() {
    const parent = this.props.record;
    return this.list.columns.filter((column) => column.invisible !== true && !parent.evalModifier(column.column_invisible));
  }
  columnLabel(column: { field: string; string?: string }, fields = this.list.config.fields): string {
    return column.string ?? fields[column.field]?.string ?? column.field;
  }
  get inPlace(): boolean {
    return Boolean(this.props.node?.editable);
  }
  /** A new line starts from the comodel's defaults (default_get), as Odoo's lines do. */
  async addLine() {
    let line: Record;
    try {
      line = await this.newLine();
    } catch (error) {
      return ignoreShown(error);
    }
    if (!this.inPlace) return this.openDialog(line, true);
    this.list.add(line);
    this.props.record.changes.add(this.props.name);
  }
  async newLine(): Promise<Record> {
    const line = this.list.makeNew();
    const names = Object.keys(line.config.activeFields).filter((name) => line.fields[name]);
    const context = (this.props.node?.context ?? {}) as { [key: string]: unknown };
    const defaults = await line.config.orm.call(line.resModel, 'default_get', [names], { context });
    const values = await toClientValues(line.config, names, defaults ?? {});
    for (const name of names) line.data[name] = values[name]; // only the line's fields, not every default sent
    return line;
  }
  openLine(line: Record) {
    if (!this.inPlace) this.openDialog(line, false);
  }

  /** Edits a line in a dialog; its values are restored on Discard, a new line is added on Save. */
  openDialog(line: Record, isNew: boolean) {
    const before = { data: { ...line.data }, changes: new Set(line.changes) };
    const node = this.props.node as { form?: { sheet?: unknown[] }; string?: string } | undefined;
    const nodes = node?.form?.sheet ?? [{ group: this.columns }];
    this.dialog.add(X2ManyLineDialog, {
      record: line, nodes, readonly: Boolean(this.props.readonly), title: this.columnLabel({ field: this.props.name, string: node?.string }, this.props.record.fields),
      onSave: () => {
        if (isNew) this.list.add(line);
        if (isNew || line.changes.size) this.props.record.changes.add(this.props.name);
        return true;
      },
      onDiscard: () => {
        line.data = before.data;
        line.changes = before.changes;
        line.invalid.clear();
      },
      onButton: (button: ButtonNode) => this.runLineButton(line, button),
    });
  }

  /**
   * A button of a line's sub-form (the line already kept in the list): the parent record is saved
   * first (nothing runs if it cannot be), then the button runs on the saved line, then the parent
   * reloads, as Odoo does.
   */
  async runLineButton(line: Record, button: ButtonNode) {
    const form = (this.env as { form?: FormEnv }).form;
    if (!form) {
      this.notification.add('This line can only run its buttons from a form.', { type: 'warning' });
      return;
    }
    if (button.confirm && !browser.confirm(button.confirm)) return;
    const name = this.props.name;
    const idsBefore = new Set(this.list.currentIds);
    const position = this.list.records.indexOf(line);
    if (!(await form.save())) return;
    const saved = this.props.record.data[name] as StaticList;
    // A new line has its id once saved: the one id the list did not have before.
    const added = saved.currentIds.filter((id) => !idsBefore.has(id));
    const resId = line.resId || (added.length === 1 ? added[0] : saved.records[position]?.resId);
    if (!resId) return;
    try {
      await this.action.doActionButton({
        type: button.type ?? 'object', name: button.name ?? button.button, resModel: line.resModel, resId,
        context: form.context(), buttonContext: button.context ?? {}, onClose: () => form.reload(),
      });
    } catch (error) {
      ignoreShown(error);
    }
    await form.reload();
  }
  remove(line: Record) {
    this.list.remove(line);
    this.props.record.changes.add(this.props.name);
  }
}

registry.category('fields').add('one2many', { component: X2ManyField, supportedTypes: ['one2many'] });
