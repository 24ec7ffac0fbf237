import type { ModelMeta } from '../../base/orm/registry';

const MAGIC = new Set(['id', 'create_uid', 'create_date', 'write_uid', 'write_date', 'display_name']);

/**
 * The arch used when no view of that type exists for the model, as Odoo's _get_default_*_view:
 * enough to browse and edit any model, never pretty.
 */
export function defaultArch(meta: ModelMeta, type: string): Record<string, unknown> {
  const title = meta.recName ?? 'display_name';
  switch (type) {
    case 'list':
      return { fields: [{ field: title }] };
    case 'search':
      return { fields: meta.recName ? [meta.recName] : [], filters: [], groupby: [] };
    case 'graph':
      return { type: 'bar', rows: [], measure: '__count' };
    case 'pivot':
      return { rows: [], cols: [], measures: ['__count'] };
    case 'kanban':
      return { fields: [{ field: title }] };
    default:
      return { sheet: [{ group: editableFields(meta).map((name) => ({ field: name })) }] };
  }
}

function editableFields(meta: ModelMeta): string[] {
  return [...meta.fields.values()]
    .filter((field) => !MAGIC.has(field.name) && field.type !== 'one2many' && !field.options.writeOnly && (field.stored || field.type === 'many2many'))
    .map((field) => field.name);
}
