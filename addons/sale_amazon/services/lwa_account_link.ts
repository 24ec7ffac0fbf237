/**
 * The account's "Link with Amazon" and "Unlink" buttons (Odoo's method names) and whether the
 * account is linked. Kept next to the rest of the LWA flow rather than in models/amazon_account.ts:
 * the account model composes them in like any other extension.
 */
import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import type { Vals } from '../../base/orm/values';
import { consentUrl } from './lwa_consent';

export const LINK_STATES: Array<[string, string]> = [['connected', 'Linked'], ['disconnected', 'Not Linked']];

export const AmazonAccountLwa = extend('amazon.account', (Base) => class extends Base {
  static override _fields = {
    // The refresh token is write-only (it reads as false), so the form needs this to know which button to show.
    state: fields.selection(LINK_STATES, { string: 'Amazon Link', compute: '_compute_state', help: 'Linked while the account holds a refresh token of the seller\'s authorisation.' }),
  };
  static override _public = ['action_redirect_to_oauth_url', 'action_reset_refresh_token'];

  async _compute_state(): Promise<Record<number, Vals>> {
    const { rows } = await this.env.cr.query<{ id: number; linked: boolean }>(
      "SELECT id, coalesce(refresh_token, '') <> '' AS linked FROM amazon_account WHERE id = ANY($1::int[])", [this.ids]);
    const linked = new Set(rows.filter((r) => r.linked).map((r) => r.id));
    return Object.fromEntries(this.ids.map((id) => [id, { state: linked.has(id) ? 'connected' : 'disconnected' }]));
  }

  /** Sends the seller to Seller Central to authorise this ERP; Amazon returns to /amazon/return. */
  async action_redirect_to_oauth_url(): Promise<Vals> {
    await this.checkAccess('write');
    return { type: 'ir.actions.act_url', url: await consentUrl(this.env, this.ensureOne()), target: 'self' };
  }

  /**
   * Forgets the seller's authorisation. The crons skip accounts without a refresh token, so the
   * account stops talking to Amazon until linked again. A write: only Amazon managers may do it.
   */
  async action_reset_refresh_token(): Promise<boolean> {
    await this.write({ refresh_token: false });
    return true;
  }
});
