import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../orm/environment';
import { ValidationError } from '../orm/exceptions';
import { ROOT } from './manifest';

/**
 * A JSON data file:
 *   { "records": [{ "id": "main_company", "model": "res.company", "values": {...}, "noupdate": true }],
 *     "access": [["id", "model", "group xmlid or empty", read, write, create, unlink]] }
 * Values may hold {"ref": "base.group_user"} (an id) and {"refs": [...]} (a many2many set).
 * TS data modules export `load(env, addon)` instead.
 */
interface DataRecord {
  id: string;
  model: string;
  values: Record<string, unknown>;
  noupdate?: boolean;
}
interface DataFile {
  records?: DataRecord[];
  access?: Array<[string, string, string, number, number, number, number]>;
}

export async function loadDataFile(env: Environment, addon: string, path: string, mode: 'install' | 'upgrade'): Promise<void> {
  if (path.endsWith('.ts') || !path.endsWith('.json')) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const module = require(join(ROOT, path));
    if (typeof module.load !== 'function') throw new Error(`Data module ${path} of addon ${addon} must export load(env, addon).`);
    await module.load(env, addon, mode);
    return;
  }
  const file = JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as DataFile;
  for (const record of file.records ?? []) await upsertRecord(env, addon, record, mode);
  for (const [id, model, group, read, write, create, unlink] of file.access ?? []) {
    await upsertRecord(env, addon, {
      id, model: 'ir.model.access',
      values: { name: id, model, group_id: group ? { ref: group } : false, perm_read: Boolean(read), perm_write: Boolean(write), perm_create: Boolean(create), perm_unlink: Boolean(unlink) },
    }, mode);
  }
}

/** Creates or updates the record behind an external id; noupdate records are left alone on upgrade. */
export async function upsertRecord(env: Environment, addon: string, record: DataRecord, mode: 'install' | 'upgrade' = 'install'): Promise<number> {
  const xmlid = record.id.includes('.') ? record.id : `${addon}.${record.id}`;
  const [module, name] = xmlid.split(/\.(.*)/s);
  const values = await resolveRefs(env, record.values);
  const { rows } = await env.cr.query<{ id: number; res_id: number; noupdate: boolean }>(
    'SELECT id, res_id, noupdate FROM ir_model_data WHERE module = $1 AND name = $2', [module, name]);
  const model = env.model(record.model).sudo();
  if (rows.length) {
    const existing = await model.browse([rows[0].res_id]).exists();
    if (existing.length) {
      if (!(rows[0].noupdate && mode === 'upgrade')) await existing.write(values);
      return rows[0].res_id;
    }
    await env.cr.query('DELETE FROM ir_model_data WHERE id = $1', [rows[0].id]);
  }
  const created = await model.create(values);
  await bindXmlid(env, xmlid, record.model, created.ids[0], record.noupdate ?? false);
  return created.ids[0];
}

export async function bindXmlid(env: Environment, xmlid: string, model: string, resId: number, noupdate = false): Promise<void> {
  const [module, name] = xmlid.split(/\.(.*)/s);
  await env.cr.query(
    `INSERT INTO ir_model_data (module, name, model, res_id, noupdate, create_date, write_date)
     VALUES ($1, $2, $3, $4, $5, now(), now())
     ON CONFLICT (module, name) DO UPDATE SET model = EXCLUDED.model, res_id = EXCLUDED.res_id`, [module, name, model, resId, noupdate]);
  env.cache.xmlids.delete(xmlid);
}

async function resolveRefs(env: Environment, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) resolved[key] = await resolveValue(env, value);
  return resolved;
}

async function resolveValue(env: Environment, value: unknown): Promise<unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    if (typeof object.ref === 'string') {
      const id = await env.refId(object.ref);
      if (!id) throw new ValidationError(`Data refers to ${object.ref}, which does not exist (yet).`);
      return id;
    }
    if (Array.isArray(object.refs)) {
      const ids = [];
      for (const ref of object.refs as string[]) {
        const id = await env.refId(ref);
        if (!id) throw new ValidationError(`Data refers to ${ref}, which does not exist (yet).`);
        ids.push(id);
      }
      return [[6, 0, ids]];
    }
    return resolveRefs(env, object);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveValue(env, v)));
  return value;
}
