import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';

/** The system parameters the connector reads (environment variables apply when they are unset). */
export const PARAMS = {
  clientId: 'sale_amazon.lwa_client_id',
  clientSecret: 'sale_amazon.lwa_client_secret',
  endpoint: 'sale_amazon.sp_api_endpoint',
} as const;

async function param(env: Environment, key: string): Promise<string | false> {
  return (env.model('ir.config_parameter').sudo() as any).get_param(key);
}

async function companyJournal(env: Environment): Promise<number | false> {
  const companyId = await env.companyId();
  return (await env.model('res.company').sudo().browse([companyId]).fetchOne(['amazon_payment_journal_id'])).amazon_payment_journal_id;
}

/**
 * "Amazon Settings" (administrators): the application's Login with Amazon client, the SP-API
 * endpoint, and the journal Amazon payouts are registered on. The client secret can be replaced,
 * never read back; it is not kept on the settings record either.
 */
export class AmazonSettings extends Model {
  static override _name = 'amazon.settings';
  static override _description = 'Amazon Connector Settings';
  static override _fields = {
    company_id: fields.many2one('res.company', { string: 'Company', required: true, default: (env: Environment) => env.companyId() }),
    lwa_client_id: fields.char({ string: 'LWA Client ID', default: (env: Environment) => param(env, PARAMS.clientId),
      help: 'The Login with Amazon client id of this ERP\'s Selling Partner application (environment variable AMAZON_LWA_CLIENT_ID when empty).' }),
    lwa_client_secret: fields.char({ string: 'LWA Client Secret', writeOnly: true, copy: false,
      help: 'Write-only: enter a new secret to replace the current one; leave empty to keep it (AMAZON_LWA_CLIENT_SECRET when none is set).' }),
    lwa_client_secret_set: fields.boolean({ string: 'Client Secret Set', readonly: true, default: async (env: Environment) => Boolean(await param(env, PARAMS.clientSecret)) }),
    sp_api_endpoint: fields.char({ string: 'SP-API Endpoint', default: (env: Environment) => param(env, PARAMS.endpoint),
      help: 'Sends every Amazon call to this address instead of Amazon (a sandbox or a proxy); empty: Amazon itself, or AMAZON_SP_API_ENDPOINT.' }),
    amazon_payment_journal_id: fields.many2one('account.journal', { string: 'Amazon Payments Journal', domain: [['type', '=', 'bank']], default: companyJournal,
      help: 'Payments of Amazon invoices are proposed on this journal, one Batch Deposit per Amazon payout.' }),
  };
  static override _public = ['action_save'];

  /** Button "Save": system parameters and the company's journal; the secret leaves this record. */
  async action_save(): Promise<Vals> {
    const [settings] = await this.fetch(['company_id', 'lwa_client_id', 'lwa_client_secret', 'sp_api_endpoint', 'amazon_payment_journal_id']);
    const params = this.env.model('ir.config_parameter').sudo() as any;
    await params.set_param(PARAMS.clientId, (settings.lwa_client_id || '').trim());
    if (settings.lwa_client_secret) await params.set_param(PARAMS.clientSecret, String(settings.lwa_client_secret).trim());
    await params.set_param(PARAMS.endpoint, (settings.sp_api_endpoint || '').trim());
    await this.env.model('res.company').sudo().browse([settings.company_id]).write({ amazon_payment_journal_id: settings.amazon_payment_journal_id });
    await this.sudo().write({ lwa_client_secret: false, lwa_client_secret_set: Boolean(await param(this.env, PARAMS.clientSecret)) });
    return { type: 'ir.actions.client', tag: 'display_notification', params: { title: 'Amazon', message: 'The Amazon settings are saved.', type: 'success', sticky: false } };
  }
}
