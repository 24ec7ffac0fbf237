import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';
import { roundTo } from '../../base/models/res_currency';
import { today } from './account_move';

interface OpenItem { id: number; move_id: number; move_name: string; partner_id: number; account_id: number; currency_id: number; residual: number; move_type: string; company_id: number }
interface Batch { partnerId: number; accountId: number; currencyId: number; items: OpenItem[]; residual: number; labels: string[] }

/**
 * "Register Payment" on one or many invoices or bills: one payment per invoice, or one per
 * partner when group_payment is set; each payment is matched with what it pays.
 * Created with context { active_model: 'account.move', active_ids } or with line_ids.
 */
export class AccountPaymentRegister extends Model {
  static override _name = 'account.payment.register';
  static override _description = 'Register Payment';
  static override _rec_name = 'communication';
  static override _fields = {
    line_ids: fields.many2many('account.move.line', { string: 'Journal items', relation: 'account_payment_register_move_line_rel', column1: 'wizard_id', column2: 'line_id' }),
    payment_date: fields.date({ required: true, default: () => today() }),
    amount: fields.monetary({ help: 'Empty: everything that is due.' }),
    currency_id: fields.many2one('res.currency', { string: 'Currency' }),
    journal_id: fields.many2one('account.journal', { string: 'Journal', required: true }),
    payment_method_line_id: fields.many2one('account.payment.method.line', {
      string: 'Payment Method', compute: '_compute_payment_method_line_id', depends: ['journal_id'], store: true, readonly: false,
      help: 'One of the journal\'s methods for this direction; another journal proposes its own.',
    }),
    group_payment: fields.boolean({ string: 'Group Payments', default: false, help: 'One payment per partner instead of one per invoice.' }),
    communication: fields.char({ string: 'Memo' }),
    payment_type: fields.selection([['inbound', 'Receive'], ['outbound', 'Send']], { readonly: true }),
    partner_type: fields.selection([['customer', 'Customer'], ['supplier', 'Vendor']], { readonly: true }),
  };
  static override _public = ['action_create_payments'];

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) {
      const result = { ...vals };
      if (!result.line_ids) result.line_ids = [[6, 0, await this._linesFromContext()]];
      if (!result.journal_id) {
        const journal = await this.env.model('account.journal').search([['type', 'in', ['bank', 'cash']], ['company_id', '=', await this.env.companyId()]], { limit: 1 });
        result.journal_id = journal.ids[0];
      }
      prepared.push(result);
    }
    return super.create(prepared);
  }

  /** The dialog knows at once whether money comes in or goes out, so it offers the right methods. */
  override async default_get(fieldsList: string[]): Promise<Vals> {
    const result = await super.default_get(fieldsList);
    const moveType = await this._contextMoveType();
    if (!moveType) return result;
    if (fieldsList.includes('payment_type') && !result.payment_type) result.payment_type = directionOf(moveType);
    if (fieldsList.includes('partner_type') && !result.partner_type) result.partner_type = partnerType(moveType);
    return result;
  }

  /**
   * The method stays when it belongs to the journal (and direction); otherwise the journal's
   * first method of the direction is proposed, as Odoo does when the journal changes.
   */
  async _compute_payment_method_line_id(): Promise<Record<number, Vals>> {
    const result: Record<number, Vals> = {};
    const contextDirection = directionOf(await this._contextMoveType());
    for (const wizard of await this.fetch(['journal_id', 'payment_method_line_id', 'payment_type'])) {
      const direction = wizard.payment_type || contextDirection;
      const { rows } = await this.env.cr.query<{ id: number }>(
        `SELECT id FROM account_payment_method_line WHERE journal_id = $1 AND ($2::text IS NULL OR payment_type = $2) ORDER BY sequence, id`,
        [wizard.journal_id || null, direction || null]);
      const offered = rows.map((r) => r.id);
      result[wizard.id] = { payment_method_line_id: offered.includes(wizard.payment_method_line_id) ? wizard.payment_method_line_id : offered[0] ?? false };
    }
    return result;
  }

  /** The type of the first invoice or bill being paid (context active_ids), or false. */
  async _contextMoveType(): Promise<string | false> {
    const { active_model: model, active_ids: ids } = this.env.context;
    if (model !== 'account.move' || !Array.isArray(ids) || !ids.length || !ids.every(Number.isInteger)) return false;
    const { rows } = await this.env.cr.query<{ move_type: string }>('SELECT move_type FROM account_move WHERE id = ANY($1::int[]) ORDER BY id LIMIT 1', [ids]);
    return rows[0]?.move_type ?? false;
  }

  /** The open receivable/payable items of the invoices in the context. */
  private async _linesFromContext(): Promise<number[]> {
    const { active_model: model, active_ids: ids } = this.env.context;
    if (model !== 'account.move' || !Array.isArray(ids) || !ids.length) throw new UserError('Select the invoices or bills to pay (active_model account.move and active_ids), or give line_ids.');
    const { rows } = await this.env.cr.query<{ id: number }>(
      `SELECT id FROM account_move_line WHERE move_id = ANY($1::int[]) AND display_type = 'payment_term' AND NOT reconciled`, [ids]);
    return rows.map((r) => r.id);
  }

  private async _openItems(): Promise<OpenItem[]> {
    const wizard = await this.fetchOne(['line_ids']);
    const { rows } = await this.env.cr.query<any>(
      `SELECT l.id, l.move_id, m.name AS move_name, m.state, COALESCE(m.commercial_partner_id, l.partner_id) AS partner_id, l.account_id, l.currency_id,
              l.amount_residual_currency AS residual, m.move_type, l.company_id, l.reconciled
         FROM account_move_line l JOIN account_move m ON m.id = l.move_id WHERE l.id = ANY($1::int[]) ORDER BY m.date, l.id`, [wizard.line_ids]);
    if (!rows.length) throw new UserError('There is nothing to pay: the selected documents have no open amount.');
    if (rows.some((r: any) => r.state !== 'posted')) throw new UserError('Only posted invoices and bills can be paid: post the drafts first.');
    const open = rows.filter((r: any) => !r.reconciled && Number(r.residual) !== 0);
    if (!open.length) throw new UserError(`${rows.map((r: any) => r.move_name).join(', ')} ${rows.length > 1 ? 'are' : 'is'} already paid.`);
    const kinds = new Set(open.map((r: any) => (Number(r.residual) > 0 ? 'inbound' : 'outbound')));
    if (kinds.size > 1) throw new UserError('Pay customer invoices and vendor bills (or credit notes) separately: one payment cannot both receive and send money.');
    if (new Set(open.map((r: any) => r.company_id)).size > 1) throw new UserError('Pay the documents of each company separately.');
    return open.map((r: any) => ({ ...r, residual: Number(r.residual) }));
  }

  /** A method of another journal or direction would book the payment where its journal does not look. */
  private async _checkMethodLine(methodLine: number, journalId: number, direction: 'inbound' | 'outbound'): Promise<void> {
    const { rows } = await this.env.cr.query<{ journal_id: number; payment_type: string; name: string; journal: string }>(
      `SELECT l.journal_id, l.payment_type, l.name, j.name AS journal FROM account_payment_method_line l JOIN account_journal j ON j.id = l.journal_id WHERE l.id = $1`, [methodLine]);
    const line = rows[0];
    if (!line || line.journal_id !== journalId) {
      throw new ValidationError(`The payment method ${line ? `"${line.name}" belongs to the journal "${line.journal}", not to the journal chosen` : 'no longer exists'}: choose one of the journal's payment methods.`, ['payment_method_line_id']);
    }
    if (line.payment_type !== direction) {
      throw new ValidationError(`The payment method "${line.name}" is for ${line.payment_type === 'inbound' ? 'receiving' : 'sending'} money, and this payment ${direction === 'inbound' ? 'receives' : 'sends'} it: choose another method.`, ['payment_method_line_id']);
    }
  }

  private _batches(items: OpenItem[], group: boolean): Batch[] {
    const batches = new Map<string, Batch>();
    for (const item of items) {
      const key = group ? `${item.partner_id}:${item.account_id}:${item.currency_id}` : `move:${item.move_id}:${item.id}`;
      const batch = batches.get(key) ?? { partnerId: item.partner_id, accountId: item.account_id, currencyId: item.currency_id, items: [], residual: 0, labels: [] };
      batch.items.push(item);
      batch.residual += item.residual;
      if (!batch.labels.includes(item.move_name)) batch.labels.push(item.move_name);
      batches.set(key, batch);
    }
    return [...batches.values()];
  }

  /** Creates, posts and matches the payments; returns an action showing them. */
  async action_create_payments(): Promise<Vals> {
    const payments = await this._create_payments();
    return { type: 'ir.actions.act_window', name: 'Payments', res_model: 'account.payment', res_ids: payments.ids, res_id: payments.ids.length === 1 ? payments.ids[0] : false,
      domain: [['id', 'in', payments.ids]], view_mode: payments.ids.length === 1 ? 'form' : 'list,form' };
  }

  /** Odoo's _create_payments: the posted, matched payments. All or nothing. */
  async _create_payments(): Promise<Model> {
    this.ensureOne();
    return this.env.cr.savepoint(async () => {
      const wizard = await this.fetchOne(['journal_id', 'payment_method_line_id', 'amount', 'currency_id', 'payment_date', 'group_payment', 'communication']);
      const items = await this._openItems();
      const batches = this._batches(items, wizard.group_payment);
      const direction = items[0].residual > 0 ? 'inbound' : 'outbound';
      const currencyId = wizard.currency_id || batches[0].currencyId;
      const { rows: [{ rounding, name: currencyName }] } = await this.env.cr.query<{ rounding: number; name: string }>('SELECT rounding, name FROM res_currency WHERE id = $1', [currencyId]);
      const due = roundTo(Math.abs(batches.reduce((total, b) => total + b.residual, 0)), Number(rounding));
      const amount = wizard.amount ? roundTo(wizard.amount, Number(rounding)) : due;
      if (batches.some((b) => b.currencyId !== currencyId)) throw new UserError(`These documents are not all in ${currencyName}: pay each currency separately.`);
      if (amount <= 0) throw new UserError('The payment amount must be greater than zero.');
      if (amount > due) throw new UserError(`The payment of ${amount.toFixed(decimals(rounding))} ${currencyName} is more than what is due (${due.toFixed(decimals(rounding))} ${currencyName}): enter at most the amount due.`);
      if (amount !== due && batches.length > 1) throw new UserError('A partial amount can only be paid for one document (or one partner with "Group Payments"): pay the others separately.');
      const journal = this.env.model('account.journal').browse([wizard.journal_id]) as any;
      const methodLine = wizard.payment_method_line_id || (await journal._paymentMethodLine(direction)).ids[0];
      await this._checkMethodLine(methodLine, wizard.journal_id, direction);
      const payments: number[] = [];
      for (const batch of batches) {
        const payment = await this.env.model('account.payment').create({
          payment_type: direction, partner_type: partnerType(batch.items[0].move_type), partner_id: batch.partnerId,
          amount: batches.length === 1 ? amount : roundTo(Math.abs(batch.residual), Number(rounding)), currency_id: currencyId, date: wizard.payment_date,
          journal_id: wizard.journal_id, payment_method_line_id: methodLine, destination_account_id: batch.accountId,
          ref: wizard.communication || batch.labels.join(' '),
        }) as any;
        await payment.action_post();
        const { counterpart } = await payment._seekForLines();
        await (this.env.model('account.move.line').sudo().browse([...batch.items.map((i) => i.id), ...counterpart]) as any).reconcile();
        payments.push(payment.ids[0]);
      }
      return this.env.model('account.payment').browse(payments);
    });
  }
}

/** Customers' documents (invoices and credit notes) are paid as customer payments, whichever way the money goes. */
/** Customer invoices and vendor refunds bring money in; bills and customer refunds send it. */
function directionOf(moveType: string | false): 'inbound' | 'outbound' | false {
  if (!moveType) return false;
  return moveType === 'out_invoice' || moveType === 'in_refund' || moveType === 'out_receipt' ? 'inbound' : 'outbound';
}

function partnerType(moveType: string): 'customer' | 'supplier' {
  return moveType.startsWith('in_') ? 'supplier' : 'customer';
}

function decimals(rounding: number): number {
  return Math.max(0, Math.round(-Math.log10(Number(rounding))));
}
