import type { Cursor } from '../db/database';
import type { ModelMeta, Registry } from './registry';
import { many2manyTable } from './domain';
import { ident } from './sql';

/**
 * Brings tables, columns, foreign keys, indexes and SQL constraints in line with the models.
 * Additive and idempotent: install and upgrade both call it; nothing is dropped.
 */
export async function syncSchema(cr: Cursor, registry: Registry): Promise<void> {
  const tables = new Set((await cr.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()`)).rows.map((r) => r.t));
  const columns = new Map<string, Map<string, { type: string; nullable: boolean }>>();
  const { rows: columnRows } = await cr.query<{ t: string; c: string; type: string; nullable: string }>(
    `SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE table_schema = current_schema()`);
  for (const row of columnRows) {
    if (!columns.has(row.t)) columns.set(row.t, new Map());
    columns.get(row.t)!.set(row.c, { type: row.type, nullable: row.nullable === 'YES' });
  }
  const constraints = new Set((await cr.query<{ n: string }>(`SELECT conname AS n FROM pg_constraint`)).rows.map((r) => r.n));
  const indexes = new Set((await cr.query<{ n: string }>(`SELECT indexname AS n FROM pg_indexes WHERE schemaname = current_schema()`)).rows.map((r) => r.n));
  const concrete = [...registry.models.values()].filter((m) => !m.abstract);

  for (const meta of concrete) {
    if (!tables.has(meta.table)) {
      await cr.query(`CREATE TABLE ${ident(meta.table)} (id SERIAL PRIMARY KEY)`);
      columns.set(meta.table, new Map([['id', { type: 'integer', nullable: false }]]));
    }
    const existing = columns.get(meta.table)!;
    for (const field of meta.fields.values()) {
      const type = field.columnType();
      if (!type || field.name === 'id' || existing.has(field.name)) continue;
      await cr.query(`ALTER TABLE ${ident(meta.table)} ADD COLUMN ${ident(field.name)} ${type}`);
      if (field.type === 'boolean' && field.options.default !== undefined && typeof field.options.default !== 'function') {
        await cr.query(`UPDATE ${ident(meta.table)} SET ${ident(field.name)} = $1`, [Boolean(field.options.default)]);
      }
      existing.set(field.name, { type, nullable: true });
    }
  }

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
