import type { Environment } from '../orm/environment';
import type { App, Session } from '../http/routes';
import { SERVER_VERSION } from './services';

/** Odoo 17's session_info: what the web client and web-session clients key on. */
export async function sessionInfo(app: App, env: Environment, session: Session): Promise<Record<string, unknown>> {
  const [user] = await env.model('res.users').sudo().browse([env.uid]).read(['name', 'login', 'partner_id', 'company_id', 'company_ids', 'tz', 'lang']);
  const companies = await env.model('res.company').sudo().browse(user.company_ids).read(['name', 'sequence', 'parent_id', 'child_ids', 'currency_id']);
  const isSystem = await env.hasGroup('base.group_system');
  const { rows: currencyRows } = await env.cr.query<{ id: number; symbol: string; position: string; decimal_places: number }>(
    'SELECT id, symbol, position, decimal_places FROM res_currency WHERE active IS TRUE');
  // The web client formats monetary fields with these (Odoo's session_info.currencies).
  const currencies = Object.fromEntries(currencyRows.map((c) => [c.id, { symbol: c.symbol, position: c.position, digits: [69, c.decimal_places ?? 2] }]));
  const allowed: Record<string, unknown> = {};
  for (const company of companies) {
    allowed[company.id] = {
      id: company.id, name: company.name, sequence: company.sequence, child_ids: company.child_ids,
      parent_id: company.parent_id ? company.parent_id[0] : false, currency_id: company.currency_id ? company.currency_id[0] : false,
    };
  }
  return {
    uid: env.uid,
    is_system: isSystem,
    is_admin: isSystem,
    is_public: false,
    is_internal_user: await env.hasGroup('base.group_user'),
    user_context: { lang: user.lang || 'en_US', tz: user.tz || 'UTC', uid: env.uid },
    db: app.db.name,
    server_version: SERVER_VERSION.server_version,
    server_version_info: SERVER_VERSION.server_version_info,
    name: user.name,
    username: user.login,
    partner_display_name: user.partner_id ? user.partner_id[1] : user.name,
    partner_id: user.partner_id ? user.partner_id[0] : false,
    'web.base.url': `http://${app.config.host === '0.0.0.0' ? 'localhost' : app.config.host}:${app.config.port}`,
    user_companies: { current_company: user.company_id[0], allowed_companies: allowed, disallowed_ancestor_companies: {} },
    display_switch_company_menu: companies.length > 1,
    currencies,
    bundle_params: { lang: user.lang || 'en_US', ...(session.debug ? { debug: '1' } : {}) },
    debug: session.debug ? '1' : '',
    max_file_upload_size: app.config.maxBodyBytes,
    home_action_id: false,
  };
}
