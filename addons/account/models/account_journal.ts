import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';
import { parseStatementCsv } from '../tools/statement_csv';

export const JOURNAL_TYPES: Array<[string, string]> = [['sale', 'Sales'], ['purchase', 'Purchase'], ['cash', 'Cash'], ['bank', 'Bank'], ['general', 'Miscellaneous']];

/** Account prefix of the liquidity account a new bank or cash journal gets. */
const LIQUIDITY_PREFIX: Record<string, string> = { bank: '1014', cash: '1015' };

/**
 * Journals group entries by purpose (invoices, bills, one bank account...). Bank and cash
 * journals get their own liquidity account and the manual payment methods when created.
 */
export class AccountJournal extends Model {
  static override _name = 'account.journal';
  static override _description = 'Journal';
  static override _order = 'sequence, type, code';
  static override _fields = {
    name: fields.char({ string: 'Journal Name', required: true }),
    code: fields.char({ string: 'Short Code', size: 5, required: true, help: 'Prefix of the entry numbers, e.g. INV for INV/2026/00001.' }),
    type: fields.selection(JOURNAL_TYPES, { required: true }),
    sequence: fields.integer({ default: 10 }),
    active: fields.boolean({ default: true }),
    default_account_id: fields.many2one('account.account', { string: 'Default Account', ondelete: 'restrict' }),
    suspense_account_id: fields.many2one('account.account', { string: 'Suspense Account', ondelete: 'restrict', help: 'Bank statement lines wait here until reconciled.' }),
    currency_id: fields.many2one('res.currency', { string: 'Currency' }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, default: (env: any) => env.companyId(), index: true }),
    payment_method_line_ids: fields.one2many('account.payment.method.line', 'journal_id', { string: 'Payment Methods' }),
    inbound_payment_method_line_ids: fields.one2many('account.payment.method.line', 'journal_id', { string: 'Inbound Payment Methods', compute: '_compute_payment_method_lines' }),
    outbound_payment_method_line_ids: fields.one2many('account.payment.method.line', 'journal_id', { string: 'Outbound Payment Methods', compute: '_compute_payment_method_lines' }),
    refund_sequence: fields.boolean({ string: 'Dedicated Credit Note Sequence', default: true }),
    payment_sequence: fields.boolean({ string: 'Dedicated Payment Sequence', default: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['code_company_uniq', 'unique (company_id, code)', 'A journal with this short code already exists in the company: choose another code.'],
  ];
  static override _public = ['import_statement_csv'];

  async _compute_payment_method_lines(): Promise<Record<number, Record<string, unknown>>> {
    const { rows } = await this.env.cr.query<{ id: number; journal_id: number; payment_type: string }>(
      `SELECT id, journal_id, payment_type FROM account_payment_method_line WHERE journal_id = ANY($1::int[]) ORDER BY sequence, id`, [this.ids]);
    return Object.fromEntries(this.ids.map((id) => [id, {
      inbound_payment_method_line_ids: rows.filter((r) => r.journal_id === id && r.payment_type === 'inbound').map((r) => r.id),
      outbound_payment_method_line_ids: rows.filter((r) => r.journal_id === id && r.payment_type === 'outbound').map((r) => r.id),
    }]));
  }

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) prepared.push(await this._prepareJournalVals(foldMethodLines(vals)));
    return super.create(prepared);
  }

  override async write(vals: Vals): Promise<true> {
    return super.write(foldMethodLines(vals));
  }

  /** Fills the accounts and payment methods a journal of this type needs. */
  async _prepareJournalVals(vals: Vals): Promise<Vals> {
    const type = vals.type;
    if (type !== 'bank' && type !== 'cash') return vals;
    const companyId: number = vals.company_id || await this.env.companyId();
    const result: Vals = { ...vals };
    const company = await this.env.model('res.company').sudo().browse([companyId]).fetchOne(['account_journal_suspense_account_id']);
    if (!result.default_account_id) result.default_account_id = await this._createLiquidityAccount(companyId, type, vals.name);
    if (!result.suspense_account_id) result.suspense_account_id = company.account_journal_suspense_account_id || false;
    if (!result.payment_method_line_ids) {
      const methods = await this.env.model('account.payment.method').sudo().search([['code', 'in', await this._defaultPaymentMethodCodes()]]);
      result.payment_method_line_ids = methods.ids.map((id) => [0, 0, { payment_method_id: id }]);
    }
    return result;
  }

  /** Payment methods every new bank/cash journal offers; addons add theirs (batch deposit). */
  async _defaultPaymentMethodCodes(): Promise<string[]> {
    return ['manual'];
  }

  private async _createLiquidityAccount(companyId: number, type: string, name: unknown): Promise<number> {
    const prefix = LIQUIDITY_PREFIX[type];
    const { rows } = await this.env.cr.query<{ code: string }>(
      `SELECT code FROM account_account WHERE company_id = $1 AND code LIKE $2`, [companyId, `${prefix}%`]);
    const used = new Set(rows.map((r) => r.code));
    let n = 1;
    while (used.has(`${prefix}${String(n).padStart(2, '0')}`)) n++;
    const account = await this.env.model('account.account').sudo().create({
      code: `${prefix}${String(n).padStart(2, '0')}`, name: typeof name === 'string' && name ? name : type === 'bank' ? 'Bank' : 'Cash',
      account_type: 'asset_cash', company_id: companyId,
    });
    return account.ids[0];
  }

  /** The journal's payment method line for a payment method code and direction. */
  async _paymentMethodLine(paymentType: 'inbound' | 'outbound', code?: string): Promise<Model> {
    const id = this.ensureOne();
    const domain: unknown[] = [['journal_id', '=', id], ['payment_type', '=', paymentType]];
    if (code) domain.push(['code', '=', code]);
    const lines = await this.env.model('account.payment.method.line').sudo().search(domain, { limit: 1 });
    if (!lines.length) {
      const [journal] = await this.sudo().fetch(['name']);
      throw new UserError(`The journal "${journal.name}" has no ${code ? `"${code}" ` : ''}${paymentType} payment method: add one on the journal's Incoming/Outgoing Payments tab.`);
    }
    return lines;
  }

  /**
   * Imports a bank statement from CSV text (columns date, label, amount[, partner]; a header
   * row is recognised and skipped). Returns the statement id. Nothing is created when a row is
   * wrong: the message names the row.
   */
  async import_statement_csv(csvText: string, options: { name?: string } = {}): Promise<number> {
    const journalId = this.ensureOne();
    if (typeof csvText !== 'string' || !csvText.trim()) throw new ValidationError('The CSV file is empty: expect rows "date,label,amount[,partner]".');
    const rows = parseStatementCsv(csvText);
    const lines: Vals[] = [];
    for (const row of rows) {
      let partnerId: number | false = false;
      if (row.partner) {
        const partners = await this.env.model('res.partner').search([['name', '=ilike', row.partner]], { limit: 1 });
        if (!partners.length) throw new ValidationError(`Row ${row.line} of the CSV names the partner "${row.partner}", which does not exist: create the contact or leave the column empty.`);
        partnerId = partners.ids[0];
      }
      lines.push({ date: row.date, payment_ref: row.label, amount: row.amount, partner_id: partnerId, journal_id: journalId });
    }
    const statement = await this.env.model('account.bank.statement').create({
      name: options.name || `Import ${rows[rows.length - 1].date}`,
      journal_id: journalId, date: rows[rows.length - 1].date,
      line_ids: lines.map((vals) => [0, 0, vals]),
    });
    return statement.ids[0];
  }
}

/**
 * Odoo clients write payment methods through inbound_/outbound_payment_method_line_ids; both
 * are views on payment_method_line_ids (the direction comes from the method itself).
 */
function foldMethodLines(vals: Vals): Vals {
  const { inbound_payment_method_line_ids: inbound, outbound_payment_method_line_ids: outbound, ...rest } = vals;
  if (inbound === undefined && outbound === undefined) return vals;
  const commands: unknown[] = [...(Array.isArray(rest.payment_method_line_ids) ? rest.payment_method_line_ids : [])];
  for (const value of [inbound, outbound]) {
    if (value === undefined || value === false) continue;
    if (!Array.isArray(value)) throw new ValidationError('Payment method lines are written with commands such as [0, 0, {payment_method_id: id}].');
    for (const command of value) {
      if (Array.isArray(command) && (command[0] === 5 || command[0] === 6)) {
        throw new ValidationError('Replace payment methods line by line ([0, ...], [2, id]): clearing one direction would drop the other.');
      }
      commands.push(command);
    }
  }
  return { ...rest, payment_method_line_ids: commands };
}
