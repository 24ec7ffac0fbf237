import { Model } from '../../base/orm/model';
import { isRunningInBackground, runInBackground } from '../../base/db/background_jobs';
import { fields } from '../../base/orm/fields';
import { AccessError, UserError, ValidationError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import { defaultAmazonLocation, defaultAmazonTeam } from '../services/account_setup';
import { inTransaction, recoverOrder, syncOrders, type SyncContext } from '../services/order_import';
import { syncPickings } from '../services/shipment_confirmation';
import { cursorEffect } from '../services/sync_cursor';
import { AMAZON_REGIONS } from './amazon_marketplace';

export const ORDERS_API_VERSIONS: Array<[string, string]> = [['2026-01-01', 'Orders API 2026-01-01'], ['v0', 'Orders API v0 (retired March 2027)']];

function nowUtc(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}

/** One Seller Central registration: credentials, where its orders land, and the sync cursor. */
export class AmazonAccount extends Model {
  static override _name = 'amazon.account';
  static override _description = 'Amazon Account';
  static override _order = 'name, id';
  static override _fields = {
    name: fields.char({ required: true }),
    active: fields.boolean({ default: true }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, index: true, default: (env: Environment) => env.companyId() }),
    seller_key: fields.char({ string: 'Seller ID', help: 'The Selling Partner ID Amazon gave when the account was linked.' }),
    refresh_token: fields.char({ string: 'LWA Refresh Token', writeOnly: true, copy: false, help: 'Long-lived token of the Login with Amazon authorisation. It can be replaced but never read back.' }),
    base_marketplace_id: fields.many2one('amazon.marketplace', { string: 'Home Marketplace', required: true, ondelete: 'restrict', help: 'Selects the Amazon region every call of this account goes to.' }),
    available_marketplace_ids: fields.many2many('amazon.marketplace', { string: 'Available Marketplaces', relation: 'amazon_account_marketplace_rel', column1: 'account_id', column2: 'marketplace_id', copy: false }),
    active_marketplace_ids: fields.many2many('amazon.marketplace', { string: 'Synchronised Marketplaces', relation: 'amazon_account_active_marketplace_rel', column1: 'account_id', column2: 'marketplace_id', copy: false }),
    marketplace_setting_ids: fields.one2many('amazon.account.marketplace', 'account_id', { string: 'Per-marketplace Settings' }),
    user_id: fields.many2one('res.users', { string: 'Salesperson', default: (env: Environment) => env.uid }),
    team_id: fields.many2one('crm.team', { string: 'Sales Team' }),
    location_id: fields.many2one('stock.location', { string: 'FBA Stock Location', domain: [['usage', '=', 'internal']], help: 'Where the stock Amazon holds for you (FBA) is recorded.' }),
    orders_api_version: fields.selection(ORDERS_API_VERSIONS, { string: 'Orders API', required: true, default: '2026-01-01' }),
    last_orders_sync: fields.datetime({ string: 'Last Order Sync', required: true, default: () => nowUtc(), groups: 'base.group_no_one',
      help: 'Orders whose status changed after this moment are fetched at the next synchronisation. Moving it back re-reads older orders; imported orders are never duplicated.' }),
    last_orders_sync_warning: fields.text({ string: 'Effect of Last Order Sync', compute: '_compute_last_orders_sync_warning', depends: ['last_orders_sync'], groups: 'base.group_no_one',
      help: 'What the next synchronisation does with this date: re-read orders already seen, or skip orders.' }),
    offer_ids: fields.one2many('amazon.offer', 'account_id', { string: 'Offers' }),
    sync_log_ids: fields.one2many('amazon.sync.log', 'account_id', { string: 'Orders Not Imported' }),
    sync_run_ids: fields.one2many('amazon.sync.run', 'account_id', { string: 'Synchronisation Runs' }),
    order_count: fields.integer({ string: 'Orders', compute: '_compute_counts' }),
    offer_count: fields.integer({ string: 'Offers', compute: '_compute_counts' }),
    sync_error_count: fields.integer({ string: 'Orders to Retry', compute: '_compute_counts' }),
    sync_running: fields.boolean({ string: 'Synchronising', compute: '_compute_sync_running', help: 'A synchronisation of this account is running; the form follows it.' }),
  };
  static override _constrains = {
    _check_active_marketplaces: ['active_marketplace_ids', 'available_marketplace_ids', 'seller_key', 'company_id', 'base_marketplace_id'],
  };
  static override _public = ['action_sync_orders', 'action_sync_pickings', 'action_recover_order', 'action_retry_failed_orders'];

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = (Array.isArray(valsList) ? valsList : [valsList]).map((v) => ({ ...v }));
    for (const vals of list) {
      const companyId = (vals.company_id as number) || (await this.env.companyId());
      vals.company_id = companyId;
      if (!vals.location_id) vals.location_id = await defaultAmazonLocation(this.env, companyId);
      if (!vals.team_id) vals.team_id = await defaultAmazonTeam(this.env, companyId);
      // The home marketplace is always one of the seller's, so it starts available and synchronised.
      if (vals.base_marketplace_id && vals.available_marketplace_ids === undefined) vals.available_marketplace_ids = [[6, 0, [vals.base_marketplace_id]]];
      if (vals.base_marketplace_id && vals.active_marketplace_ids === undefined) vals.active_marketplace_ids = [[6, 0, [vals.base_marketplace_id]]];
    }
    return super.create(list);
  }

  /** Orders keep their account (reporting, deliveries to confirm): such an account is archived, not deleted. */
  override async unlink(): Promise<true> {
    const { rows } = await this.env.cr.query<{ name: string }>(
      'SELECT a.name FROM amazon_account a WHERE a.id = ANY($1::int[]) AND EXISTS (SELECT 1 FROM sale_order s WHERE s.amazon_account_id = a.id) ORDER BY a.id LIMIT 1', [this.ids]);
    if (rows.length) throw new UserError(`The Amazon account "${rows[0].name}" has imported orders, which keep pointing to it: archive the account instead of deleting it.`);
    return super.unlink();
  }

  async _compute_counts(): Promise<Record<number, Vals>> {
    const result: Record<number, Vals> = {};
    const count = async (table: string, extra = '') => {
      const { rows } = await this.env.cr.query<{ account_id: number; n: number }>(
        `SELECT amazon_account_id AS account_id, count(*)::int AS n FROM ${table} WHERE amazon_account_id = ANY($1::int[]) ${extra} GROUP BY 1`, [this.ids]);
      return new Map(rows.map((r) => [r.account_id, r.n]));
    };
    const orders = await count('sale_order');
    const { rows: offerRows } = await this.env.cr.query<{ account_id: number; n: number }>(
      'SELECT account_id, count(*)::int AS n FROM amazon_offer WHERE account_id = ANY($1::int[]) GROUP BY 1', [this.ids]);
    const offers = new Map(offerRows.map((r) => [r.account_id, r.n]));
    const { rows: errRows } = await this.env.cr.query<{ account_id: number; n: number }>(
      "SELECT account_id, count(*)::int AS n FROM amazon_sync_log WHERE account_id = ANY($1::int[]) AND state IN ('retry', 'failed') GROUP BY 1", [this.ids]);
    const errors = new Map(errRows.map((r) => [r.account_id, r.n]));
    for (const id of this.ids) result[id] = { order_count: orders.get(id) ?? 0, offer_count: offers.get(id) ?? 0, sync_error_count: errors.get(id) ?? 0 };
    return result;
  }

  /**
   * A run is running while its record says so and its account lock is held: a run left 'running'
   * by a killed process (whose lock died with it) must not show progress or keep the form reloading.
   * A button's sync started in this process counts from the click, before it has its record.
   */
  async _compute_sync_running(): Promise<Record<number, Vals>> {
    const { rows } = await this.env.cr.query<{ account_id: number; kind: string }>(
      "SELECT DISTINCT account_id, kind FROM amazon_sync_run WHERE account_id = ANY($1::int[]) AND state = 'running' AND kind IN ('orders', 'pickings')", [this.ids]);
    const running = new Set(this.ids.filter((id) => isRunningInBackground(syncKey('orders', id)) || isRunningInBackground(syncKey('pickings', id))));
    for (const row of rows) if (await this.env.db.isLocked(syncKey(row.kind, row.account_id), this.env.cr)) running.add(row.account_id);
    return Object.fromEntries(this.ids.map((id) => [id, { sync_running: running.has(id) }]));
  }

  /** Compares the cursor with where the last finished synchronisation stopped (see cursorEffect). */
  async _compute_last_orders_sync_warning(): Promise<Record<number, Vals>> {
    const accounts = await this.sudo().withContext({ active_test: false }).fetch(['last_orders_sync']);
    const { rows } = await this.env.cr.query<{ account_id: number; reached: string }>(
      `SELECT DISTINCT ON (account_id) account_id, to_char(window_end, 'YYYY-MM-DD HH24:MI:SS') AS reached FROM amazon_sync_run
        WHERE account_id = ANY($1::int[]) AND kind = 'orders' AND state IN ('done', 'interrupted') AND window_end IS NOT NULL
        ORDER BY account_id, id DESC`, [this.ids]);
    const reached = new Map(rows.map((r) => [r.account_id, r.reached]));
    const now = nowUtc();
    return Object.fromEntries(accounts.map((a) => [a.id, { last_orders_sync_warning: cursorEffect(a.last_orders_sync, reached.get(a.id) ?? false, now) }]));
  }

  /** Moving Last Order Sync in the form says at once, before saving, what the next synchronisation will do. */
  async _onchange_warning(changed: string[]): Promise<{ title: string; message: string } | false> {
    if (!changed.includes('last_orders_sync')) return false;
    const [account] = await this.fetch(['last_orders_sync_warning']);
    return account?.last_orders_sync_warning ? { title: 'Last Order Sync', message: account.last_orders_sync_warning } : false;
  }

  /**
   * The Sync buttons are developer tools, like the cursor they act on: the view hides them outside
   * developer mode and the server refuses them too, since RPC clients do not go through views.
   */
  async _check_developer_mode(action: string): Promise<void> {
    if (this.env.su || (await this.env.hasGroup('base.group_no_one'))) return;
    throw new AccessError(`${action} is a developer tool: activate the developer mode (Settings, or add ?debug=1 to the address) to use it.`);
  }

  /**
   * Only marketplaces the seller takes part in can be synchronised, all in the region of the home
   * marketplace (an account talks to one Amazon region, which refuses the others' marketplaces),
   * and one marketplace of a seller is synchronised by one registration only: two would import
   * every order twice.
   */
  async _check_active_marketplaces(): Promise<void> {
    for (const account of await this.sudo().withContext({ active_test: false }).fetch(['name', 'seller_key', 'company_id', 'base_marketplace_id', 'active_marketplace_ids', 'available_marketplace_ids'])) {
      const available = new Set<number>(account.available_marketplace_ids);
      if ((account.active_marketplace_ids as number[]).some((id) => !available.has(id))) {
        throw new ValidationError(`Account "${account.name}": a synchronised marketplace must be one of the marketplaces available to the account.`);
      }
      await this._check_marketplace_region(account);
      if (!account.seller_key || !(account.active_marketplace_ids as number[]).length) continue;
      const { rows } = await this.env.cr.query<{ name: string; marketplace: string }>(
        `SELECT a.name, m.name AS marketplace FROM amazon_account a
           JOIN amazon_account_active_marketplace_rel r ON r.account_id = a.id
           JOIN amazon_marketplace m ON m.id = r.marketplace_id
          WHERE a.id <> $1 AND a.seller_key = $2 AND a.active AND r.marketplace_id = ANY($3::int[]) LIMIT 1`,
        [account.id, account.seller_key, account.active_marketplace_ids]);
      if (rows.length) {
        throw new ValidationError(`${rows[0].marketplace} is already synchronised by the account "${rows[0].name}" of the same Amazon seller. Remove it from one of the two accounts, otherwise its orders would be imported twice.`);
      }
    }
  }

  async _check_marketplace_region(account: Vals): Promise<void> {
    const { rows } = await this.env.cr.query<{ name: string; region: string; home: string; home_region: string }>(
      `SELECT m.name, m.region, h.name AS home, h.region AS home_region FROM amazon_marketplace m, amazon_marketplace h
        WHERE h.id = $1 AND m.id = ANY($2::int[]) AND m.region <> h.region ORDER BY m.name LIMIT 1`,
      [account.base_marketplace_id, account.active_marketplace_ids]);
    if (!rows.length) return;
    const label = (region: string) => AMAZON_REGIONS.find(([key]) => key === region)?.[1] ?? region;
    throw new ValidationError(`Account "${account.name}": ${rows[0].name} belongs to Amazon's ${label(rows[0].region)} region, but the home marketplace ${rows[0].home} is in ${label(rows[0].home_region)}, `
      + `and an account talks to one region only. Register another account with a home marketplace in ${label(rows[0].region)} to synchronise ${rows[0].name}.`);
  }

  /**
   * Button "Sync Orders". Each order commits on its own, which cannot happen inside this request's
   * transaction: the sync starts once it commits, in the background, and the button answers at
   * once; the run record shows its progress.
   */
  async action_sync_orders(): Promise<Vals> {
    const ctx = { db: this.env.db, registry: this.env.registry, uid: this.env.uid };
    const ids = [...this.ids];
    await this.checkAccess('write');
    await this._check_developer_mode('Sync Orders');
    // One job per account: one account's failure (logged) does not keep the others from syncing.
    this.env.cr.afterCommit(() => {
      for (const id of ids) runInBackground(`Amazon order sync of account ${id}`, (signal) => syncOrders({ ...ctx, signal }, id, { trigger: 'manual' }), syncKey('orders', id));
    });
    return notification('Amazon orders', 'Synchronisation started: the orders appear as they are imported, and the sync runs show the counts.');
  }

  /** Button "Sync Deliveries": tells Amazon about the validated deliveries not yet confirmed. */
  async action_sync_pickings(): Promise<Vals> {
    const ctx = { db: this.env.db, registry: this.env.registry, uid: this.env.uid };
    const ids = [...this.ids];
    await this.checkAccess('write');
    await this._check_developer_mode('Sync Pickings');
    this.env.cr.afterCommit(() => {
      for (const id of ids) runInBackground(`Amazon delivery sync of account ${id}`, (signal) => syncPickings({ ...ctx, signal }, id), syncKey('pickings', id));
    });
    return notification('Amazon deliveries', 'The validated deliveries are being confirmed to Amazon.');
  }

  /** Button "Retry Failed Orders" of the sync log: fetches every order still waiting for a retry. */
  async action_retry_failed_orders(): Promise<Vals> {
    await this.checkAccess('write');
    const logs = await this.env.model('amazon.sync.log').search([['account_id', 'in', this.ids], ['state', '=', 'retry']]);
    if (!logs.length) return notification('Amazon orders', 'No order is waiting for a retry.');
    return (logs as any).action_retry();
  }

  /** Imports (or updates) one order by its Amazon reference, whatever the sync cursor says. */
  async action_recover_order(orderRef: string): Promise<Vals> {
    await this.checkAccess('write');
    const orderId = await recoverOrder(this.env, this.ensureOne(), orderRef);
    return { type: 'ir.actions.act_window', res_model: 'sale.order', res_id: orderId, views: [[false, 'form']], target: 'current' };
  }

  /** Cron "Amazon: sync orders" (static: the scheduler gives it the database, no transaction). */
  static async _cron_sync_orders(ctx: SyncContext): Promise<void> {
    for (const id of await activeAccounts(ctx)) {
      const summary = await syncOrders(ctx, id, { trigger: 'cron' }).catch((error: Error) => ({ state: 'failed', message: error.message }));
      // One misconfigured account must not keep the others from syncing.
      if (summary.state === 'failed') console.error(`Amazon order sync of account ${id}: ${summary.message}`);
    }
  }

  /** Cron "Amazon: sync deliveries". */
  static async _cron_sync_pickings(ctx: SyncContext): Promise<void> {
    for (const id of await activeAccounts(ctx)) {
      await syncPickings(ctx, id, undefined, undefined, { trigger: 'cron' }).catch((error: Error) => console.error(`Amazon delivery sync of account ${id} failed: ${error.message}`));
    }
  }
}

/** Accounts the crons synchronise: active and linked (an unlinked account has no token to call Amazon with). */
async function activeAccounts(ctx: SyncContext): Promise<number[]> {
  return inTransaction(ctx, async (env) => env.model('amazon.account')._searchIds([['active', '=', true], ['refresh_token', '!=', false]], { order: 'id' }));
}

/** The name of an account's sync lock (order_import, shipment_confirmation), also its background job's key. */
function syncKey(kind: string, accountId: number): string {
  return `sale_amazon.${kind}.${accountId}`;
}

function notification(title: string, message: string): Vals {
  return { type: 'ir.actions.client', tag: 'display_notification', params: { title, message, sticky: false } };
}
