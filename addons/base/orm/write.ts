import { UserError, ValidationError, AccessError } from './exceptions';
import type { Field } from './fields';
import type { Model } from './model';
import type { ModelMeta } from './registry';
import { many2manyTable } from './domain';
import { ident } from './sql';
import { mapDatabaseError } from './db_errors';
import { markModified, collectBeforeChange } from './compute';
import type { Vals } from './values';

export const AUTOMATIC = new Set(['id', 'create_uid', 'create_date', 'write_uid', 'write_date', 'display_name']);

export async function run<T>(records: Model, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapDatabaseError(records.env.registry, error);
  }
}

/** Checks field names, groups and computed-ness; returns the fields being written. */
export async function checkVals(records: Model, vals: Vals, creating: boolean): Promise<Field[]> {
  const meta = records._meta;
  const result: Field[] = [];
  for (const name of Object.keys(vals)) {
    const field = meta.fields.get(name);
    if (!field) throw new ValidationError(`Invalid field ${JSON.stringify(name)} on model ${JSON.stringify(meta.name)}.`);
    if (AUTOMATIC.has(name)) {
      if (creating && name === 'id') throw new ValidationError(`The id of a new ${meta.name} record is chosen by the database.`);
      continue;
    }
    if (field.computed && !field.stored) throw new ValidationError(`The field ${meta.name}.${name} is computed and cannot be written.`);
    if (field.options.groups && !records.env.su && !(await records.env.hasGroup(field.options.groups))) {
      throw new AccessError(`You are not allowed to modify the field ${JSON.stringify(field.string)} of ${meta.description} (${meta.name}).`);
    }
    result.push(field);
  }
  return result;
}

export function now(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}

export async function writeRecords(records: Model, vals: Vals): Promise<void> {
  const meta = records._meta;
  const env = records.env;
  const fields = await checkVals(records, vals, false);
  const scalar = fields.filter((f) => f.stored);
  const x2many = fields.filter((f) => f.isX2many);
  await collectBeforeChange(env, meta, records.ids, fields.map((f) => f.name));
  const sets: string[] = ['"write_uid" = $1', '"write_date" = $2'];
  const params: unknown[] = [env.uid, now()];
  for (const field of scalar) {
    const converted = field.toColumn(vals[field.name]);
    if (field.options.required && (converted === null || converted === '')) {
      throw new ValidationError(`The field "${field.string}" of ${meta.description} is required and cannot be emptied.`, [field.name]);
    }
    params.push(converted);
    sets.push(`${ident(field.name)} = $${params.length}`);
  }
  params.push(records.ids);
  await run(records, () => env.cr.query(`UPDATE ${ident(meta.table)} SET ${sets.join(', ')} WHERE id = ANY($${params.length}::int[])`, params, { flush: false }));
  for (const field of x2many) {
    for (const record of records) await applyX2many(record, field, vals[field.name]);
  }
  // Stored computes depending on these fields are queued, and computed in batch at the next
  // read of the database (env.flush()), not after every write.
  await markModified(env, meta, records.ids, fields.map((f) => f.name));
  await runConstraints(records, fields.map((f) => f.name));
}

/**
 * Odoo's `_write_multi`: each record its own values, the same fields for all, in one UPDATE ...
 * FROM unnest (one array per field) instead of one write per distinct value. The low-level
 * writer: models' write() overrides are not called, so it is for values the code computed
 * itself (delivered quantities, reservations), not for what a user typed.
 */
export async function writeMany(records: Model, valsList: Vals[]): Promise<void> {
  const meta = records._meta;
  const env = records.env;
  if (valsList.length !== records.ids.length) throw new Error(`_write_multi on ${meta.name}: ${records.ids.length} records but ${valsList.length} dictionaries of values.`);
  if (!valsList.length) return;
  const names = Object.keys(valsList[0]);
  const fields = await checkVals(records, valsList[0], false);
  for (const vals of valsList) {
    if (!vals || typeof vals !== 'object' || Object.keys(vals).length !== names.length || !names.every((name) => name in vals)) {
      throw new ValidationError(`_write_multi on ${meta.name} expects the same fields (${names.join(', ')}) for every record.`);
    }
  }
  const bad = fields.find((f) => !f.stored || f.isX2many);
  if (bad) throw new ValidationError(`_write_multi on ${meta.name} writes stored columns only, not ${bad.name}.`);
  const arrays = fields.map((field) => valsList.map((vals) => {
    const converted = field.toColumn(vals[field.name]);
    if (field.options.required && (converted === null || converted === '')) {
      throw new ValidationError(`The field "${field.string}" of ${meta.description} is required and cannot be emptied.`, [field.name]);
    }
    return converted;
  }));
  await collectBeforeChange(env, meta, records.ids, names);
  const sets = ['"write_uid" = $1', '"write_date" = $2', ...fields.map((f, i) => `${ident(f.name)} = v.c${i}`)];
  const columns = fields.map((f, i) => `$${i + 4}::${f.columnType()}[]`);
  await run(records, () => env.cr.query(
    `UPDATE ${ident(meta.table)} t SET ${sets.join(', ')} FROM unnest($3::int[], ${columns.join(', ')}) AS v(id, ${fields.map((_, i) => `c${i}`).join(', ')}) WHERE t.id = v.id`,
    [env.uid, now(), records.ids, ...arrays], { flush: false }));
  await markModified(env, meta, records.ids, names);
  await runConstraints(records, names);
}

export async function unlinkRecords(records: Model): Promise<void> {
  const meta = records._meta;
  const env = records.env;
  // Dependents (e.g. an order's total over its lines) are found while the rows still exist.
  await collectBeforeChange(env, meta, records.ids, [...meta.fields.keys()]);
  await run(records, () => env.cr.query(`DELETE FROM ${ident(meta.table)} WHERE id = ANY($1::int[])`, [records.ids], { flush: false }));
  await env.cr.query(`DELETE FROM ir_model_data WHERE model = $1 AND res_id = ANY($2::int[])`, [meta.name, records.ids], { flush: false }).catch(() => undefined);
}

/** Odoo's x2many commands (0 create, 1 update, 2 delete, 3 unlink, 4 link, 5 clear, 6 set). */
export async function applyX2many(record: Model, field: Field, value: unknown): Promise<void> {
  const env = record.env;
  const comodel = env.model(field.comodel!);
  const id = record.ids[0];
  const commands = normalizeCommands(field, value);
  for (let i = 0; i < commands.length; i++) {
    const [code, targetId, payload] = commands[i];
    switch (code) {
      case 0:
        if (field.type === 'one2many') {
          // Consecutive new lines are created by one call, so what depends on them (the order's
          // totals) is recomputed once for all of them rather than after each line.
          const batch: Vals[] = [{ ...(payload as Vals), [field.options.inverse!]: id }];
          while (commands[i + 1]?.[0] === 0) batch.push({ ...(commands[++i][2] as Vals), [field.options.inverse!]: id });
          await comodel.create(batch);
        } else {
          const created = await comodel.create(payload as Vals);
          await linkMany2many(record, field, created.ids);
        }
        break;
      case 1:
        await comodel.browse([targetId as number]).write(payload as Vals);
        break;
      case 2:
        await comodel.browse([targetId as number]).unlink();
        break;
      case 3:
        if (field.type === 'one2many') await detachOne2many(comodel, field, [targetId as number]);
        else await unlinkMany2many(record, field, [targetId as number]);
        break;
      case 4:
        if (field.type === 'one2many') await comodel.browse([targetId as number]).write({ [field.options.inverse!]: id });
        else await linkMany2many(record, field, [targetId as number]);
        break;
      case 5:
      case 6: {
        const keep = code === 6 ? (payload as number[]) : [];
        if (field.type === 'one2many') {
          const current = await comodel.sudo().search([[field.options.inverse!, '=', id]], {});
          const drop = current.ids.filter((x) => !keep.includes(x));
          if (drop.length) await detachOne2many(comodel, field, drop);
          if (keep.length) await comodel.browse(keep).write({ [field.options.inverse!]: id });
        } else {
          const rel = many2manyTable(field, record._meta, comodel._meta);
          await env.cr.query(`DELETE FROM ${ident(rel.table)} WHERE ${ident(rel.column1)} = $1`, [id], { flush: false });
          await linkMany2many(record, field, keep);
        }
        break;
      }
    }
  }
}

/** Checks an x2many value (commands or a list of ids) and returns it as commands. */
export function normalizeCommands(field: Field, value: unknown): Array<[number, unknown, unknown]> {
  const invalid = (): never => {
    throw new ValidationError(`Wrong value for ${field.modelName}.${field.name}: expected a list of commands such as [0, 0, {values}], [4, id] or [6, 0, [ids]].`);
  };
  if (value === false || value === null) return [[5, 0, 0]];
  if (!Array.isArray(value)) return invalid();
  // A plain list of ids means "exactly these" for many2many, as Odoo accepts.
  if (value.every((v) => Number.isInteger(v))) return [[6, 0, value]];
  return value.map((command) => {
    if (!Array.isArray(command) || !Number.isInteger(command[0]) || command[0] < 0 || command[0] > 6) return invalid();
    const [code, id, payload] = command;
    if ([1, 2, 3, 4].includes(code) && !(Number.isInteger(id) && id > 0)) return invalid();
    if ((code === 0 || code === 1) && (typeof payload !== 'object' || payload === null || Array.isArray(payload))) return invalid();
    if (code === 6 && !(Array.isArray(payload) && payload.every((v: unknown) => Number.isInteger(v)))) return invalid();
    return [code, id, payload] as [number, unknown, unknown];
  });
}

async function detachOne2many(comodel: Model, field: Field, ids: number[]): Promise<void> {
  const inverse = comodel._meta.fields.get(field.options.inverse!)!;
  // A required or cascading inverse means the line cannot live alone: delete it, like Odoo.
  if (inverse.options.required || inverse.options.ondelete === 'cascade') await comodel.browse(ids).unlink();
  else await comodel.browse(ids).write({ [inverse.name]: false });
}

async function linkMany2many(record: Model, field: Field, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const env = record.env;
  const rel = many2manyTable(field, record._meta, env.registry.meta(field.comodel!));
  await run(record, () => env.cr.query(
    `INSERT INTO ${ident(rel.table)} (${ident(rel.column1)}, ${ident(rel.column2)})
     SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`, [record.ids[0], ids], { flush: false }));
  await markModified(env, record._meta, record.ids, [field.name]);
}

async function unlinkMany2many(record: Model, field: Field, ids: number[]): Promise<void> {
  const env = record.env;
  const rel = many2manyTable(field, record._meta, env.registry.meta(field.comodel!));
  await env.cr.query(`DELETE FROM ${ident(rel.table)} WHERE ${ident(rel.column1)} = $1 AND ${ident(rel.column2)} = ANY($2::int[])`, [record.ids[0], ids], { flush: false });
  await markModified(env, record._meta, record.ids, [field.name]);
}

/** Runs the model's `_constrains` checks whose fields were touched (all on create). */
export async function runConstraints(records: Model, changed: string[] | null): Promise<void> {
  const meta: ModelMeta = records._meta;
  const checks = [...meta.constrains].filter(([, on]) => !changed || on.some((f) => changed.includes(f)));
  // Checks see computed values as any read does: a fetch flushes what could change the columns
  // it reads, raw SQL flushes everything (no flush here, which would write every queued recompute
  // after each create or write of a model with a check).
  for (const [method, on] of checks) {
    const check = (records as any)[method];
    if (typeof check !== 'function') throw new UserError(`Constraint method ${method} is missing on ${meta.name}.`);
    try {
      await check.call(records);
    } catch (error) {
      // A check that does not say which fields it refuses concerns those of its fields just set.
      if (error instanceof UserError && !error.fields.length) error.fields = changed ? on.filter((f) => changed.includes(f)) : [...on];
      throw error;
    }
  }
}

export function articled(description: string): string {
  return /^[aeiou]/i.test(description) ? `an ${description}` : `a ${description}`;
}
