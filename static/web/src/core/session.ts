/** What the server injected into the page (addons/web/controllers/shell.ts). */
export interface SessionInfo {
  uid: number;
  name: string;
  username: string;
  is_system?: boolean;
  is_admin?: boolean;
  partner_id?: number | false;
  user_context: Record<string, unknown>;
  user_companies?: { current_company: number; allowed_companies: Record<string, { id: number; name: string; sequence?: number }> };
  currencies?: Record<string, { symbol: string; position: 'before' | 'after'; digits?: [number, number] }>;
  [key: string]: unknown;
}

export interface PageInfo {
  __session_info__: SessionInfo | null;
  db: string;
  debug: string;
}

export function pageInfo(): PageInfo {
  const odoo = (globalThis as { odoo?: Partial<PageInfo> }).odoo ?? {};
  return { __session_info__: odoo.__session_info__ ?? null, db: odoo.db ?? '', debug: odoo.debug ?? '' };
}
