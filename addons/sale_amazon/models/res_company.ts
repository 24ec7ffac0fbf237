import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import type { Vals } from '../../base/orm/values';
import { ensureAmazonPaymentsJournal } from '../data/amazon_payments_journal';

/**
 * The journal Amazon's payouts are registered on. Installing the connector creates an "Amazon
 * Payments" bank journal for each company, and so does creating a company later; an admin who
 * already books Amazon payouts elsewhere picks that journal here instead.
 */
export const ResCompanyAmazon = extend('res.company', (Base) => class extends Base {
  static override _fields = {
    amazon_payment_journal_id: fields.many2one('account.journal', { string: 'Amazon Payments Journal', domain: [['type', '=', 'bank']], ondelete: 'set null',
      help: 'Where payments of Amazon invoices are registered, one Batch Deposit per Amazon payout.' }),
  };

  override async create(valsList: Vals | Vals[]): Promise<any> {
    const companies = await super.create(valsList);
    // While the connector installs, its data file does this for the companies that exist.
    const { rows } = await this.env.cr.query("SELECT 1 FROM ir_module_module WHERE name = 'sale_amazon' AND state = 'installed'");
    if (!rows.length) return companies;
    for (const company of await companies.sudo().fetch(['chart_template', 'amazon_payment_journal_id'])) {
      if (company.chart_template && !company.amazon_payment_journal_id) await ensureAmazonPaymentsJournal(this.env, company.id);
    }
    return companies;
  }
});
