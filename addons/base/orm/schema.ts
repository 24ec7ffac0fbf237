import type { Cursor } from '../db/database';
import type { ModelMeta, Registry } from './registry';
import { many2manyTable } from './domain';
import { ident } from './sql';
import type { Field } from './fields';
import { Environment, SUPERUSER_ID } from './environment';

/**
 * Brings tables, columns, foreign keys, indexes and SQL constraints in line with the models.
 * Install and upgrade both call it; idempotent; nothing is dropped. A column whose field
 * changed type is converted (ALTER COLUMN ... TYPE ... USING); a new column is filled with
 * the field's default on existing rows, so a new required field can become NOT NULL.
 */
export async function syncSchema(cr: Cursor, registry: Registry): Promise<void> {
  const tables = new Set((await cr.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()`)).rows.map((r) => r.t));
  const columns = new Map<string, Map<string, { type: string; nullable: boolean }>>();
  const { rows: columnRows } = await cr.query<{ t: string; c: string; type: string; nullable: boolean }>(
    `SELECT c.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`);
  for (const row of columnRows) {
    if (!columns.has(row.t)) columns.set(row.t, new Map());
    columns.get(row.t)!.set(row.c, { type: row.type, nullable: row.nullable });
  }
  const constraints = new Set((await cr.query<{ n: string }>(`SELECT conname AS n FROM pg_constraint`)).rows.map((r) => r.n));
  const indexes = new Set((await cr.query<{ n: string }>(`SELECT indexname AS n FROM pg_indexes WHERE schemaname = current_schema()`)).rows.map((r) => r.n));
  const concrete = [...registry.models.values()].filter((m) => !m.abstract);
  const toInitialize: Array<[ModelMeta, Field]> = [];

  for (const meta of concrete) {
    if (!tables.has(meta.table)) {
      await cr.query(`CREATE TABLE ${ident(meta.table)} (id SERIAL PRIMARY KEY)`);
      columns.set(meta.table, new Map([['id', { type: 'integer', nullable: false }]]));
    }
    const existing = columns.get(meta.table)!;
    for (const field of meta.fields.values()) {
      const type = field.columnType();
      if (!type || field.name === 'id') continue;
      const column = existing.get(field.name);
      if (column) {
        if (!sameType(column.type, type)) {
          await convertColumn(cr, meta, field, column.type, type);
          column.type = type;
        }
        // A field that became required: its empty values get the default (Odoo's update_db_notnull).
        if (field.options.required && column.nullable) toInitialize.push([meta, field]);
        continue;
      }
      await cr.query(`ALTER TABLE ${ident(meta.table)} ADD COLUMN ${ident(field.name)} ${type}`);
      toInitialize.push([meta, field]);
      existing.set(field.name, { type, nullable: true });
    }
  }
  // Defaults are computed once every table and column exists: a default may read other models.
  for (const [meta, field] of toInitialize) await fillDefault(cr, registry, meta, field);

  for (const meta of concrete) {
    for (const field of meta.fields.values()) {
      // Audit columns carry no foreign key: the superuser writes before any user row exists.
      if (field.type === 'many2one' && field.stored && field.name !== 'create_uid' && field.name !== 'write_uid') {
        const comodel = registry.meta(field.comodel!);
        if (comodel.abstract) continue;
        const name = truncate(`${meta.table}_${field.name}_fkey`);
        if (!constraints.has(name)) {
          const onDelete = { 'set null': 'SET NULL', cascade: 'CASCADE', restrict: 'RESTRICT' }[field.options.ondelete ?? 'set null'];
          await cr.query(`ALTER TABLE ${ident(meta.table)} ADD CONSTRAINT ${ident(name)} FOREIGN KEY (${ident(field.name)}) REFERENCES ${ident(comodel.table)}(id) ON DELETE ${onDelete}`);
          constraints.add(name);
        }
      }
      if (field.type === 'many2many') await ensureRelationTable(cr, registry, meta, field.name, tables);
      const wantsIndex = field.stored && (field.options.index || field.type === 'many2one' && field.options.ondelete === 'cascade');
      const indexName = truncate(`${meta.table}__${field.name}_index`);
      if (wantsIndex && !indexes.has(indexName)) {
        await cr.query(`CREATE INDEX IF NOT EXISTS ${ident(indexName)} ON ${ident(meta.table)} (${ident(field.name)})`);
        indexes.add(indexName);
      }
      if (field.stored && field.options.required && !field.computed && columns.get(meta.table)?.get(field.name)?.nullable) {
        // Required is enforced by the database once existing rows comply (as Odoo does).
        const { rows } = await cr.query(`SELECT 1 FROM ${ident(meta.table)} WHERE ${ident(field.name)} IS NULL LIMIT 1`);
        if (!rows.length) await cr.query(`ALTER TABLE ${ident(meta.table)} ALTER COLUMN ${ident(field.name)} SET NOT NULL`);
      }
    }
    for (const constraint of meta.sqlConstraints) {
      const name = truncate(`${meta.table}_${constraint.name}`);
      if (constraints.has(name)) continue;
      await cr.query(`ALTER TABLE ${ident(meta.table)} ADD CONSTRAINT ${ident(name)} ${constraint.definition}`);
      constraints.add(name);
    }
  }
}

/** format_type() spells varchar 'character varying'; the fields speak the short form. */
function sameType(current: string, wanted: string): boolean {
  const normal = (type: string) => type.replace(/^character varying/, 'varchar').replace(/^timestamp without time zone$/, 'timestamp(6) without time zone');
  return normal(current) === normal(wanted);
}

/** A field changed type between versions (char -> text, integer -> float...): convert its column. */
async function convertColumn(cr: Cursor, meta: ModelMeta, field: Field, from: string, to: string): Promise<void> {
  // Booleans need an explicit rule: PostgreSQL casts text 'true'/'false' but not integers to text sensibly.
  const using = to === 'boolean' && /^(integer|double precision|numeric)$/.test(from)
    ? `${ident(field.name)} <> 0`
    : `${ident(field.name)}::${to}`;
  try {
    await cr.savepoint(() => cr.query(`ALTER TABLE ${ident(meta.table)} ALTER COLUMN ${ident(field.name)} TYPE ${to} USING ${using}`));
  } catch (error) {
    throw new Error(`Cannot change the column of ${meta.name}.${field.name} from ${from} to ${to} (${(error as Error).message}). `
      + `Convert or clear the values that do not fit in a migration step first, then upgrade again.`);
  }
}

/**
 * Existing rows get the field's default in a new column, as Odoo does: a field added with a
 * default reads the same on old and new records, and a required one can be made NOT NULL.
 */
async function fillDefault(cr: Cursor, registry: Registry, meta: ModelMeta, field: Field): Promise<void> {
  const fallback = field.options.default;
  if (fallback === undefined || field.computed) return;
  const { rows } = await cr.query(`SELECT 1 FROM ${ident(meta.table)} WHERE ${ident(field.name)} IS NULL LIMIT 1`);
  if (!rows.length) return;
  const value = typeof fallback === 'function'
    ? await (fallback as (env: Environment) => unknown)(new Environment(registry, cr, SUPERUSER_ID))
    : fallback;
  const stored = field.toColumn(value);
  if (stored === null || stored === undefined) return;
  await cr.query(`UPDATE ${ident(meta.table)} SET ${ident(field.name)} = $1 WHERE ${ident(field.name)} IS NULL`, [stored]);
}

async function ensureRelationTable(cr: Cursor, registry: Registry, meta: ModelMeta, fname: string, tables: Set<string>): Promise<void> {
  const field = meta.fields.get(fname)!;
  const comodel = registry.meta(field.comodel!);
  const rel = many2manyTable(field, meta, comodel);
  if (tables.has(rel.table)) return;
  await cr.query(`CREATE TABLE IF NOT EXISTS ${ident(rel.table)} (
    ${ident(rel.column1)} integer NOT NULL REFERENCES ${ident(meta.table)}(id) ON DELETE CASCADE,
    ${ident(rel.column2)} integer NOT NULL REFERENCES ${ident(comodel.table)}(id) ON DELETE CASCADE,
    PRIMARY KEY (${ident(rel.column1)}, ${ident(rel.column2)}))`);
  await cr.query(`CREATE INDEX IF NOT EXISTS ${ident(truncate(`${rel.table}_${rel.column2}_idx`))} ON ${ident(rel.table)} (${ident(rel.column2)})`);
  tables.add(rel.table);
}

/** PostgreSQL identifiers are at most 63 bytes. */
function truncate(name: string): string {
  return name.length <= 63 ? name : `${name.slice(0, 54)}_${hash(name)}`;
}

function hash(text: string): string {
  let h = 0;
  for (const char of text) h = (Math.imul(31, h) + char.charCodeAt(0)) | 0;
  return (h >>> 0).toString(16).padStart(8, '0');
}
