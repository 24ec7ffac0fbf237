/**
 * The account's "Link with Amazon" and "Unlink Account" buttons (Odoo's method names). Kept next to
 * the rest of the LWA flow rather than in models/amazon_account.ts: the account model composes them
 * in like any other extension.
 */
import { extend } from '../../base/orm/registry';
import type { Vals } from '../../base/orm/values';
import { consentUrl } from './lwa_consent';

export const AmazonAccountLwa = extend('amazon.account', (Base) => class extends Base {
  static override _public = ['action_redirect_to_oauth_url', 'action_reset_refresh_token'];

  /** Sends the seller to Seller Central to authorise this ERP; Amazon returns to /amazon/return. */
  async action_redirect_to_oauth_url(): Promise<Vals> {
    await this.checkAccess('write');
    return { type: 'ir.actions.act_url', url: await consentUrl(this.env, this.ensureOne()), target: 'self' };
  }

  /** Forgets the seller's authorisation; the account stops talking to Amazon until linked again. */
  async action_reset_refresh_token(): Promise<boolean> {
    await this.write({ refresh_token: false });
    return true;
  }
});
