import { ValidationError } from './exceptions';
import type { Registry, ModelMeta } from './registry';
import { ident } from './sql';

/**
 * Turns an Odoo order spec ("name asc, id desc") into ORDER BY SQL. Every term is checked
 * against the model's stored fields, which is also what keeps SQL out of this parameter.
 */
export function compileOrder(registry: Registry, meta: ModelMeta, order: string | undefined | null, alias: string, depth = 0): string {
  if (order && typeof order !== 'string') throw new ValidationError(`Invalid order ${JSON.stringify(order)?.slice(0, 80)}: expected a text such as "name asc, id desc".`);
  const spec = (order || meta.order || 'id').trim();
  const terms = spec.split(',').map((t) => t.trim()).filter(Boolean);
  const sql: string[] = [];
  for (const term of terms) {
    const match = /^([a-z_][a-z0-9_]*)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?$/i.exec(term);
    if (!match) throw new ValidationError(`Invalid order ${JSON.stringify(term)}: expected "field [asc|desc]".`);
    const [, fname, direction = 'asc', nulls] = match;
    const field = meta.fields.get(fname);
    if (!field) throw new ValidationError(`Invalid order: unknown field ${JSON.stringify(fname)} on ${meta.name}.`);
    const dir = direction.toUpperCase();
    const nullsSql = nulls ? ` NULLS ${nulls.toUpperCase()}` : '';
    if (field.type === 'many2one' && field.comodel && depth < 2) {
      const comodel = registry.meta(field.comodel);
      const sub = `${alias}_${fname}`;
      const inner = compileOrder(registry, comodel, comodel.order, sub, depth + 1).split(', ')[0].replace(/ (ASC|DESC).*$/, '');
      sql.push(`(SELECT ${inner} FROM ${ident(comodel.table)} ${sub} WHERE ${sub}.id = ${alias}.${ident(fname)}) ${dir}${nullsSql}`);
      continue;
    }
    if (!field.stored) throw new ValidationError(`Invalid order: ${meta.name}.${fname} is not stored and cannot be sorted.`);
    // Sorting by a secret would reveal its order against known values.
    if (field.options.writeOnly) throw new ValidationError(`Invalid order: ${meta.name}.${fname} is write-only and cannot be sorted.`);
    sql.push(`${alias}.${ident(fname)} ${dir}${nullsSql}`);
  }
  return sql.join(', ');
}
