import type { Field } from './fields';
import type { Model } from './model';
import { many2manyTable } from './domain';
import { ident } from './sql';
import { run } from './write';
import type { PreparedRow } from './create';
import type { Vals } from './values';

/** x2many commands of a new record that could not be batched, applied one record at a time. */
export interface LeftoverCommands {
  index: number;
  field: Field;
  value: unknown;
}

/**
 * The x2many values of records being created, batched across the records: the new lines of
 * every record of a one2many are one create() of the comodel (so what depends on them is
 * recomputed once), the links of a many2many are one INSERT. Commands that need the record's
 * current state (update, delete...) are returned to be applied record by record.
 */
export async function createX2manyLinks(created: Model, ids: number[], rows: PreparedRow[]): Promise<LeftoverCommands[]> {
  const leftover: LeftoverCommands[] = [];
  const lines = new Map<Field, Vals[]>();
  const links = new Map<Field, { owners: number[]; targets: number[] }>();
  rows.forEach((row, index) => {
    for (const { field, value } of row.x2many) {
      const commands = value as Array<[number, unknown, unknown]>;
      if (field.type === 'one2many' && commands.every(isNoopOrCreate)) {
        const list = lines.get(field) ?? lines.set(field, []).get(field)!;
        for (const [code, , payload] of commands) if (code === 0) list.push({ ...(payload as Vals), [field.options.inverse!]: ids[index] });
      } else if (field.type === 'many2many' && commands.every(([code]) => code >= 3 && code <= 6)) {
        const pairs = links.get(field) ?? links.set(field, { owners: [], targets: [] }).get(field)!;
        for (const target of finalLinks(commands)) {
          pairs.owners.push(ids[index]);
          pairs.targets.push(target);
        }
      } else {
        leftover.push({ index, field, value });
      }
    }
  });
  const env = created.env;
  for (const [field, vals] of lines) if (vals.length) await env.model(field.comodel!).create(vals);
  for (const [field, { owners, targets }] of links) {
    if (!owners.length) continue;
    const rel = many2manyTable(field, created._meta, env.registry.meta(field.comodel!));
    await run(created, () => env.cr.query(
      `INSERT INTO ${ident(rel.table)} (${ident(rel.column1)}, ${ident(rel.column2)})
       SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT DO NOTHING`, [owners, targets], { flush: false }));
  }
  return leftover;
}

/** On a record that has no lines yet, clear (5) and set-to-nothing (6, []) change nothing. */
function isNoopOrCreate([code, , payload]: [number, unknown, unknown]): boolean {
  return code === 0 || code === 5 || (code === 6 && Array.isArray(payload) && payload.length === 0);
}

/** The many2many targets a new record ends with after unlink (3), link (4), clear (5), set (6). */
function finalLinks(commands: Array<[number, unknown, unknown]>): number[] {
  let targets = new Set<number>();
  for (const [code, id, payload] of commands) {
    if (code === 3) targets.delete(id as number);
    else if (code === 4) targets.add(id as number);
    else if (code === 5) targets = new Set();
    else if (code === 6) targets = new Set(payload as number[]);
  }
  return [...targets];
}
