import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/** A bank statement: the lines of one account's statement for a period. */
export class AccountBankStatement extends Model {
  static override _name = 'account.bank.statement';
  static override _description = 'Bank Statement';
  static override _order = 'date desc, id desc';
  static override _fields = {
    name: fields.char({ string: 'Reference' }),
    date: fields.date({ required: true, default: () => new Date().toISOString().slice(0, 10) }),
    journal_id: fields.many2one('account.journal', { string: 'Journal', required: true, index: true }),
    company_id: fields.many2one('res.company', { related: 'journal_id.company_id', store: true, index: true }),
    line_ids: fields.one2many('account.bank.statement.line', 'statement_id', { string: 'Statement lines' }),
    balance_start: fields.monetary({ string: 'Starting Balance', default: 0 }),
    balance_end_real: fields.monetary({ string: 'Ending Balance', default: 0 }),
    balance_end: fields.monetary({ string: 'Computed Balance', compute: '_compute_balance_end' }),
    is_complete: fields.boolean({ compute: '_compute_balance_end', help: 'All lines are reconciled.' }),
  };

  async _compute_balance_end(): Promise<Record<number, Record<string, unknown>>> {
    const { rows } = await this.env.cr.query<{ id: number; start: string; total: string; open: number }>(
      `SELECT s.id, s.balance_start AS start, COALESCE(sum(l.amount), 0) AS total, count(l.id) FILTER (WHERE NOT l.is_reconciled)::int AS open
         FROM account_bank_statement s LEFT JOIN account_bank_statement_line l ON l.statement_id = s.id WHERE s.id = ANY($1::int[]) GROUP BY s.id`, [this.ids]);
    return Object.fromEntries(rows.map((r) => [r.id, { balance_end: Number(r.start ?? 0) + Number(r.total), is_complete: r.open === 0 }]));
  }
}
