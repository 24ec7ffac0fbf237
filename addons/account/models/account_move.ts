import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';
import { roundTo } from '../../base/models/res_currency';
import { isInvoice, productSign, syncInvoiceLines } from '../services/invoice_lines';
import { computePaymentStates } from '../services/payment_state';
import { nextMoveName } from '../services/move_sequence';
import { unreconcileLines } from '../services/reconcile';

export const MOVE_TYPES: Array<[string, string]> = [
  ['entry', 'Journal Entry'], ['out_invoice', 'Customer Invoice'], ['out_refund', 'Customer Credit Note'],
  ['in_invoice', 'Vendor Bill'], ['in_refund', 'Vendor Credit Note'],
];
export const PAYMENT_STATES: Array<[string, string]> = [
  ['not_paid', 'Not Paid'], ['in_payment', 'In Payment'], ['paid', 'Paid'], ['partial', 'Partially Paid'], ['reversed', 'Reversed'],
];

/** Fields that may still change on a posted entry (everything else is frozen). */
const POSTED_WRITABLE = new Set(['ref', 'narration', 'is_move_sent', 'external_tax_sync_excluded', 'invoice_date_due', 'payment_reference', 'message_main_attachment_id']);
/** Fields whose change makes an invoice rebuild its tax and receivable lines. */
const SYNC_TRIGGERS = ['currency_id', 'partner_id', 'invoice_date', 'date', 'invoice_date_due', 'payment_reference', 'move_type', 'invoice_line_ids', 'line_ids'];

/** Journal entries: invoices, bills, credit notes, payments' and statements' entries. */
export class AccountMove extends Model {
  static override _name = 'account.move';
  static override _description = 'Journal Entry';
  static override _order = 'date desc, name desc, id desc';
  static override _fields = {
    name: fields.char({ string: 'Number', default: '/', copy: false, index: true }),
    ref: fields.char({ string: 'Reference', copy: false }),
    date: fields.date({ required: true, index: true, copy: false, default: () => today() }),
    state: fields.selection([['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']], { string: 'Status', required: true, default: 'draft', copy: false, readonly: true }),
    move_type: fields.selection(MOVE_TYPES, { string: 'Type', required: true, default: 'entry', index: true }),
    journal_id: fields.many2one('account.journal', { string: 'Journal', required: true, index: true }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, index: true, default: (env: any) => env.companyId() }),
    company_currency_id: fields.many2one('res.currency', { related: 'company_id.currency_id', store: true, string: 'Company Currency' }),
    currency_id: fields.many2one('res.currency', { string: 'Currency', required: true }),
    partner_id: fields.many2one('res.partner', { string: 'Partner', index: true, ondelete: 'restrict' }),
    commercial_partner_id: fields.many2one('res.partner', { related: 'partner_id.commercial_partner_id', store: true, string: 'Commercial Entity' }),
    partner_vat: fields.char({ related: 'partner_id.vat', string: 'Customer Tax ID', help: 'Printed on the invoice.' }),
    fiscal_position_id: fields.many2one('account.fiscal.position', { string: 'Fiscal Position' }),
    invoice_date: fields.date({ string: 'Invoice/Bill Date', copy: false, index: true }),
    invoice_date_due: fields.date({ string: 'Due Date', copy: false }),
    invoice_origin: fields.char({ string: 'Origin', help: 'The document(s) that generated the invoice, e.g. a sales order.' }),
    payment_reference: fields.char({ copy: false }),
    narration: fields.text({ string: 'Terms and Conditions' }),
    line_ids: fields.one2many('account.move.line', 'move_id', { string: 'Journal Items', copy: true }),
    invoice_line_ids: fields.one2many('account.move.line', 'move_id', { string: 'Invoice Lines', compute: '_compute_invoice_line_ids' }),
    amount_untaxed: fields.monetary({ string: 'Untaxed Amount', readonly: true, default: 0 }),
    amount_tax: fields.monetary({ string: 'Tax', readonly: true, default: 0 }),
    amount_total: fields.monetary({ string: 'Total', readonly: true, default: 0 }),
    amount_residual: fields.monetary({ string: 'Amount Due', readonly: true, default: 0 }),
    amount_total_signed: fields.monetary({ string: 'Total Signed', readonly: true, default: 0, currencyField: 'company_currency_id' }),
    amount_residual_signed: fields.monetary({ string: 'Amount Due Signed', readonly: true, default: 0, currencyField: 'company_currency_id' }),
    payment_state: fields.selection(PAYMENT_STATES, { default: 'not_paid', readonly: true, copy: false }),
    sequence_prefix: fields.char({ readonly: true, copy: false }),
    sequence_number: fields.integer({ readonly: true, copy: false }),
    is_move_sent: fields.boolean({ string: 'Is Move Sent', default: false, copy: false }),
    external_tax_sync_excluded: fields.boolean({
      string: 'Excluded from External Tax Sync', default: false, copy: false,
      help: 'Tax-service integrations (e.g. sales-tax engines) skip this invoice; marketplace invoices whose tax the marketplace collects are.',
    }),
    payment_id: fields.many2one('account.payment', { string: 'Payment', index: true, copy: false }),
    statement_line_id: fields.many2one('account.bank.statement.line', { string: 'Statement Line', index: true, copy: false }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['unique_name', "EXCLUDE (name WITH =, journal_id WITH =) WHERE (state = 'posted' AND name != '/')", 'Another entry with the same number exists in this journal: numbers are unique per journal.'],
  ];
  static override _public = ['action_post', 'button_cancel', 'button_draft', 'action_invoice_download_pdf', 'action_invoice_send', 'action_register_payment'];

  async _compute_invoice_line_ids(): Promise<Record<number, Vals>> {
    const { rows } = await this.env.cr.query<{ id: number; move_id: number }>(
      `SELECT id, move_id FROM account_move_line WHERE move_id = ANY($1::int[]) AND display_type IN ('product', 'line_section', 'line_note') ORDER BY sequence, id`, [this.ids]);
    return Object.fromEntries(this.ids.map((id) => [id, { invoice_line_ids: rows.filter((r) => r.move_id === id).map((r) => r.id) }]));
  }

  // ------------------------------------------------------------------ create / write / unlink

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) prepared.push(await this._prepareMoveVals(foldInvoiceLines(vals)));
    const moves = await super.create(prepared);
    await moves._sync_dynamic_lines();
    return moves;
  }

  override async write(vals: Vals): Promise<true> {
    if (!this.ids.length) return true;
    const folded = foldInvoiceLines(vals);
    if (!this.env.context.skip_move_guard) await this._checkWritable(folded);
    await super.write(folded);
    if (SYNC_TRIGGERS.some((f) => f in folded)) await this._sync_dynamic_lines();
    else await this._recompute_amounts();
    return true;
  }

  override async unlink(): Promise<true> {
    if (!this.ids.length) return true;
    const { rows } = await this.env.cr.query<{ name: string }>(`SELECT name FROM account_move WHERE id = ANY($1::int[]) AND state = 'posted'`, [this.ids]);
    if (rows.length) throw new UserError(`The entry ${rows[0].name} is posted and cannot be deleted: reset it to draft and cancel it instead, so its number stays accounted for.`);
    return super.unlink();
  }

  /** Journal, company and currency follow from the move type when not given. */
  async _prepareMoveVals(vals: Vals): Promise<Vals> {
    const result = { ...vals };
    const moveType = result.move_type ?? 'entry';
    if (!result.journal_id) result.journal_id = await this._defaultJournalId(moveType, result.company_id);
    const [journal] = await this.env.model('account.journal').sudo().browse([result.journal_id]).fetch(['company_id', 'currency_id', 'type', 'name']);
    if (!journal) throw new ValidationError(`The journal ${result.journal_id} does not exist.`);
    const expected = moveType.startsWith('out_') ? 'sale' : moveType.startsWith('in_') ? 'purchase' : null;
    if (expected && journal.type !== expected) {
      throw new ValidationError(`The journal "${journal.name}" is a ${journal.type} journal; ${moveType.startsWith('out_') ? 'customer invoices need a sales' : 'vendor bills need a purchase'} journal.`);
    }
    result.company_id = result.company_id || journal.company_id;
    if (!result.currency_id) {
      const company = await this.env.model('res.company').sudo().browse([result.company_id]).fetchOne(['currency_id']);
      result.currency_id = journal.currency_id || company.currency_id;
    }
    if (isInvoice(moveType) && result.partner_id && !result.fiscal_position_id) {
      const position = await (this.env.model('account.fiscal.position').sudo() as any)._get_fiscal_position(result.partner_id, result.company_id);
      if (position.ids.length) result.fiscal_position_id = position.ids[0];
    }
    return result;
  }

  async _defaultJournalId(moveType: string, companyId?: number): Promise<number> {
    const type = moveType.startsWith('out_') ? 'sale' : moveType.startsWith('in_') ? 'purchase' : 'general';
    const company = companyId || await this.env.companyId();
    const journals = await this.env.model('account.journal').sudo().search([['type', '=', type], ['company_id', '=', company]], { limit: 1 });
    if (!journals.length) throw new UserError(`No ${type} journal exists in this company: create one in Accounting > Configuration > Journals.`);
    return journals.ids[0];
  }

  private async _checkWritable(vals: Vals): Promise<void> {
    const frozen = Object.keys(vals).filter((f) => !POSTED_WRITABLE.has(f));
    if (!frozen.length) return;
    const { rows } = await this.env.cr.query<{ name: string }>(`SELECT name FROM account_move WHERE id = ANY($1::int[]) AND state = 'posted'`, [this.ids]);
    if (rows.length) throw new UserError(`The entry ${rows[0].name} is posted: ${frozen.join(', ')} cannot be changed. Reset it to draft first.`);
  }

  // ------------------------------------------------------------------ dynamic lines and totals

  /** Rebuilds tax and receivable/payable lines of draft invoices, then the totals. */
  async _sync_dynamic_lines(): Promise<void> {
    if (this.env.context.skip_invoice_sync) return;
    const rows = await this.sudo().fetch(['move_type', 'state', 'currency_id', 'company_id', 'partner_id', 'date', 'invoice_date', 'invoice_date_due', 'payment_reference', 'journal_id']);
    for (const row of rows) {
      if (row.state === 'draft' && isInvoice(row.move_type)) await syncInvoiceLines(this.env, row as any);
    }
    await this._recompute_amounts();
  }

  /** Totals, amount due and payment state from the lines (and their reconciliation). */
  async _recompute_amounts(): Promise<void> {
    if (!this.ids.length) return;
    const { rows } = await this.env.cr.query<{ id: number; move_type: string; display_type: string; amount_currency: string; balance: string; price_subtotal: string; amount_residual_currency: string; amount_residual: string }>(
      `SELECT m.id, m.move_type, l.display_type, l.amount_currency, l.balance, l.price_subtotal, l.amount_residual_currency, l.amount_residual
         FROM account_move m LEFT JOIN account_move_line l ON l.move_id = m.id WHERE m.id = ANY($1::int[])`, [this.ids]);
    const { rows: currencies } = await this.env.cr.query<{ id: number; rounding: number }>(
      `SELECT m.id, c.rounding FROM account_move m JOIN res_currency c ON c.id = m.currency_id WHERE m.id = ANY($1::int[])`, [this.ids]);
    const states = await computePaymentStates(this.env, this.ids);
    for (const id of this.ids) {
      const lines = rows.filter((r) => r.id === id && r.display_type);
      const moveType = rows.find((r) => r.id === id)?.move_type ?? 'entry';
      const rounding = Number(currencies.find((c) => c.id === id)?.rounding ?? 0.01);
      const sum = (type: string, key: 'amount_currency' | 'balance' | 'price_subtotal' | 'amount_residual_currency' | 'amount_residual') =>
        roundTo(lines.filter((l) => l.display_type === type).reduce((total, l) => total + Number(l[key]), 0), rounding);
      let vals: Vals;
      if (isInvoice(moveType)) {
        const sign = productSign(moveType);
        const untaxed = sum('product', 'price_subtotal');
        const tax = roundTo(sum('tax', 'amount_currency') * sign, rounding);
        vals = {
          amount_untaxed: untaxed, amount_tax: tax, amount_total: roundTo(untaxed + tax, rounding),
          amount_residual: roundTo(-sign * sum('payment_term', 'amount_residual_currency'), rounding),
          amount_total_signed: roundTo(-sum('payment_term', 'balance'), 0.000001),
          amount_residual_signed: roundTo(-sum('payment_term', 'amount_residual'), 0.000001),
        };
      } else {
        const debit = roundTo(lines.reduce((t, l) => t + Math.max(Number(l.balance), 0), 0), rounding);
        vals = { amount_untaxed: 0, amount_tax: 0, amount_total: debit, amount_residual: 0, amount_total_signed: debit, amount_residual_signed: 0 };
      }
      vals.payment_state = states.get(id) ?? 'not_paid';
      const columns = Object.keys(vals);
      await this.env.cr.query(`UPDATE account_move SET ${columns.map((c, i) => `"${c}" = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...columns.map((c) => vals[c])]);
    }
  }

  // ------------------------------------------------------------------ workflow

  /** Validates entries: balanced, not empty, numbered from the journal's sequence. */
  async action_post(): Promise<boolean> {
    await this.checkAccess('write');
    return this.env.cr.savepoint(async () => {
      for (const move of this) await move._postOne();
      return true;
    });
  }

  private async _postOne(): Promise<void> {
    const row = await this.sudo().fetchOne(['name', 'state', 'move_type', 'partner_id', 'invoice_date', 'date', 'journal_id', 'company_id']);
    const label = row.name !== '/' ? row.name : `this ${MOVE_TYPES.find(([k]) => k === row.move_type)![1].toLowerCase()}`;
    if (row.state === 'posted') throw new UserError(`The entry ${row.name} is already posted.`);
    if (row.state === 'cancel') throw new UserError(`${label} is cancelled: reset it to draft before posting it.`);
    const { rows: lines } = await this.env.cr.query<{ display_type: string; balance: string; account_id: number | null; company_id: number | null }>(
      `SELECT l.display_type, l.balance, l.account_id, a.company_id FROM account_move_line l LEFT JOIN account_account a ON a.id = l.account_id WHERE l.move_id = $1`, [row.id]);
    if (isInvoice(row.move_type)) {
      if (!lines.some((l) => l.display_type === 'product')) throw new UserError(`You cannot post ${label}: it has no invoice lines. Add at least one line.`);
      if (!row.partner_id) throw new UserError(`You cannot post ${label} without a ${row.move_type.startsWith('out_') ? 'customer' : 'vendor'}: set the partner first.`);
    } else if (!lines.length) {
      throw new UserError(`You cannot post ${label}: it has no journal items.`);
    }
    if (lines.some((l) => !l.account_id && (l.display_type !== 'line_section' && l.display_type !== 'line_note'))) {
      throw new UserError(`You cannot post ${label}: every journal item needs an account.`);
    }
    if (lines.some((l) => l.company_id && l.company_id !== row.company_id)) throw new UserError(`You cannot post ${label}: some items use accounts of another company.`);
    const { rows: [{ rounding }] } = await this.env.cr.query<{ rounding: number }>(
      'SELECT c.rounding FROM res_company co JOIN res_currency c ON c.id = co.currency_id WHERE co.id = $1', [row.company_id]);
    const difference = roundTo(lines.reduce((total, l) => total + Number(l.balance), 0), Number(rounding));
    if (difference !== 0) {
      throw new UserError(`The entry is not balanced: debits and credits differ by ${Math.abs(difference).toFixed(Math.max(0, Math.round(-Math.log10(Number(rounding)))))} (${difference > 0 ? 'more debit' : 'more credit'}). Fix the amounts so that total debit equals total credit.`);
    }
    const vals: Vals = { state: 'posted' };
    if (isInvoice(row.move_type) && !row.invoice_date) vals.invoice_date = today();
    const date = vals.invoice_date ?? row.invoice_date ?? row.date;
    if (isInvoice(row.move_type)) vals.date = date;
    if (row.name === '/' || !row.name) Object.assign(vals, await nextMoveName(this.env, this.ids[0], row.journal_id, vals.date ?? row.date));
    await this.sudo().withContext({ skip_move_guard: true, skip_invoice_sync: true }).write(vals);
    await this.env.cr.query(`UPDATE account_move_line SET parent_state = 'posted', date = $2, move_name = $3 WHERE move_id = $1`, [row.id, vals.date ?? row.date, vals.name ?? row.name]);
    await this._recompute_amounts();
  }

  /** Cancels draft entries (a posted entry is reset to draft first, keeping its number). */
  async button_cancel(): Promise<boolean> {
    await this.checkAccess('write');
    const { rows } = await this.env.cr.query<{ name: string }>(`SELECT name FROM account_move WHERE id = ANY($1::int[]) AND state = 'posted'`, [this.ids]);
    if (rows.length) throw new UserError(`The entry ${rows[0].name} is posted: reset it to draft before cancelling it.`);
    await this.sudo().withContext({ skip_move_guard: true, skip_invoice_sync: true }).write({ state: 'cancel' });
    await this.env.cr.query(`UPDATE account_move_line SET parent_state = 'cancel' WHERE move_id = ANY($1::int[])`, [this.ids]);
    return true;
  }

  /** Back to draft: matchings with payments are undone so amounts can change. */
  async button_draft(): Promise<boolean> {
    await this.checkAccess('write');
    const { rows } = await this.env.cr.query<{ id: number }>(`SELECT id FROM account_move_line WHERE move_id = ANY($1::int[])`, [this.ids]);
    await unreconcileLines(this.env, rows.map((r) => r.id));
    await this.sudo().withContext({ skip_move_guard: true, skip_invoice_sync: true }).write({ state: 'draft' });
    await this.env.cr.query(`UPDATE account_move_line SET parent_state = 'draft' WHERE move_id = ANY($1::int[])`, [this.ids]);
    await this._recompute_amounts();
    return true;
  }

  /** "Register Payment" on invoices or bills: the payment wizard, opened on these documents. */
  async action_register_payment(): Promise<Vals> {
    await this.checkAccess('read');
    return {
      type: 'ir.actions.act_window', name: 'Register Payment', res_model: 'account.payment.register',
      view_mode: 'form', views: [[false, 'form']], target: 'new',
      context: { active_model: 'account.move', active_ids: this.ids },
    };
  }

  /** Hook for tax-service integrations: true when this invoice must not be synced. */
  async _is_external_tax_sync_excluded(): Promise<boolean> {
    const row = await this.sudo().fetchOne(['external_tax_sync_excluded']);
    return Boolean(row.external_tax_sync_excluded);
  }
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Odoo clients write invoice lines through invoice_line_ids; they are the product, section and
 * note lines among line_ids, so the commands go to line_ids.
 */
function foldInvoiceLines(vals: Vals): Vals {
  const { invoice_line_ids: invoiceLines, ...rest } = vals;
  if (invoiceLines === undefined) return vals;
  if (!Array.isArray(invoiceLines)) throw new ValidationError('Invoice lines are written with commands such as [0, 0, {name, quantity, price_unit}].');
  for (const command of invoiceLines) {
    if (Array.isArray(command) && (command[0] === 5 || command[0] === 6)) throw new ValidationError('Remove invoice lines one by one ([2, id]): clearing them all at once would also drop the tax and receivable lines.');
  }
  return { ...rest, line_ids: [...(Array.isArray(rest.line_ids) ? rest.line_ids : []), ...invoiceLines] };
}
