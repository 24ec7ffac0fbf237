import { Country, State } from 'country-state-city';
import type { Environment } from '../orm/environment';

/**
 * ISO 3166 countries and their subdivisions from the maintained country-state-city package,
 * inserted in bulk (thousands of rows); external ids base.<cc> and base.state_<cc>_<code>.
 */
export async function load(env: Environment): Promise<void> {
  const { rows: currencies } = await env.cr.query<{ id: number; name: string }>('SELECT id, name FROM res_currency');
  const currencyIds = new Map(currencies.map((c) => [c.name, c.id]));
  const { rows: existing } = await env.cr.query<{ code: string }>('SELECT code FROM res_country');
  const known = new Set(existing.map((r) => r.code));
  const countries = Country.getAllCountries().filter((c) => !known.has(c.isoCode));
  if (!countries.length) return;
  const { rows: inserted } = await env.cr.query<{ id: number; code: string }>(
    `INSERT INTO res_country (name, code, currency_id, phone_code, create_date, write_date)
     SELECT n, c, cur, ph, now(), now() FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) AS x(n, c, cur, ph)
     RETURNING id, code`,
    [countries.map((c) => c.name), countries.map((c) => c.isoCode), countries.map((c) => currencyIds.get(c.currency) ?? null),
      countries.map((c) => Number.parseInt(c.phonecode.replace(/\D/g, ''), 10) || null)]);
  const countryIds = new Map(inserted.map((r) => [r.code, r.id]));
  await env.cr.query(
    `INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
     SELECT 'base', lower(c), 'res.country', id, true FROM unnest($1::text[], $2::int[]) AS x(c, id) ON CONFLICT DO NOTHING`,
    [inserted.map((r) => r.code), inserted.map((r) => r.id)]);
  const seen = new Set<string>();
  const states = State.getAllStates().filter((s) => {
    const key = `${s.countryCode}-${s.isoCode}`;
    if (!countryIds.has(s.countryCode) || seen.has(key) || !s.isoCode) return false;
    seen.add(key);
    return true;
  });
  const { rows: stateRows } = await env.cr.query<{ id: number; code: string; country_id: number }>(
    `INSERT INTO res_country_state (name, code, country_id, create_date, write_date)
     SELECT n, c, cid, now(), now() FROM unnest($1::text[], $2::text[], $3::int[]) AS x(n, c, cid) RETURNING id, code, country_id`,
    [states.map((s) => s.name), states.map((s) => s.isoCode), states.map((s) => countryIds.get(s.countryCode)!)]);
  const codeOf = new Map(inserted.map((r) => [r.id, r.code.toLowerCase()]));
  await env.cr.query(
    `INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
     SELECT 'base', n, 'res.country.state', id, true FROM unnest($1::text[], $2::int[]) AS x(n, id) ON CONFLICT DO NOTHING`,
    [stateRows.map((s) => `state_${codeOf.get(s.country_id)}_${s.code.toLowerCase().replace(/[^a-z0-9]/g, '_')}`), stateRows.map((s) => s.id)]);
}
