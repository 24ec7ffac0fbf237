import { registry } from './registry';
import type { Env } from './env';
import type { SessionInfo } from './session';

export interface User {
  userId: number;
  name: string;
  login: string;
  isSystem: boolean;
  partnerId: number | false;
  context: Record<string, unknown>;
  allowedCompanies: Array<{ id: number; name: string }>;
  activeCompanyIds: number[];
}

/**
 * The user service, from the session info the page carries (env.sessionInfo). The active
 * companies come from the URL's `cids` (as Odoo 17), else the user's current company.
 */
export const userService = {
  start(env: Env): User {
    const info = env.sessionInfo as SessionInfo;
    const companies = Object.values(info.user_companies?.allowed_companies ?? {}).map((c) => ({ id: c.id, name: c.name }));
    const fromUrl = String(env.cids ?? '').split(',').map(Number).filter((id) => companies.some((c) => c.id === id));
    const current = info.user_companies?.current_company;
    const activeCompanyIds = fromUrl.length ? fromUrl : current ? [current] : [];
    return {
      userId: info.uid,
      name: info.name,
      login: info.username,
      isSystem: Boolean(info.is_system),
      partnerId: info.partner_id ?? false,
      context: { ...info.user_context, ...(activeCompanyIds.length ? { allowed_company_ids: activeCompanyIds } : {}) },
      allowedCompanies: companies,
      activeCompanyIds,
    };
  },
};

registry.category('services').add('user', userService);
