import type { Environment } from '../../base/orm/environment';

export type ArchNode = unknown;
/** model name -> fields_get() of that model, as the user may see it */
export type FieldsByModel = Record<string, Record<string, Record<string, unknown>>>;

/**
 * Odoo's _postprocess_access_rights for JSON archs: a node whose "groups" the user is not in
 * is removed (base.group_no_one counts only in developer mode, env.hasGroup knows), and so is
 * a field node naming a field the user may not read. Kept nodes lose their "groups" key, so
 * the client never learns which groups exist.
 */
export async function filterArch(env: Environment, node: ArchNode, model: string, fieldsByModel: FieldsByModel, key = ''): Promise<ArchNode> {
  if (Array.isArray(node)) {
    const kept: ArchNode[] = [];
    // Only a search view's "fields" list holds bare field names; other arrays are domains or values.
    const namesField = key === 'fields' || key === 'rows' || key === 'cols';
    for (const child of node) {
      if (namesField && typeof child === 'string' && fieldsByModel[model] && !isKnownFieldName(child, fieldsByModel[model])) continue;
      const filtered = await filterArch(env, child, model, fieldsByModel);
      if (filtered !== REMOVED) kept.push(filtered);
    }
    return kept;
  }
  if (!node || typeof node !== 'object') return node;
  const object = node as Record<string, unknown>;
  if (typeof object.groups === 'string' && !(await env.hasGroup(object.groups))) return REMOVED;
  const fields = fieldsByModel[model];
  const fieldName = typeof object.field === 'string' ? object.field : null;
  if (fieldName && fields && !isKnownFieldName(fieldName, fields)) return REMOVED;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === 'groups') continue;
    // A sub-view of an x2many field describes the comodel.
    const comodel = fieldName && (key === 'list' || key === 'form') ? (fields?.[fieldName]?.relation as string | undefined) : undefined;
    const childModel = comodel ?? model;
    const filtered = await filterArch(env, value, childModel, fieldsByModel, key);
    if (filtered !== REMOVED) result[key] = filtered;
  }
  return result;
}

/** Returned in place of a node the user may not see. */
export const REMOVED = Symbol('removed');

function isKnownFieldName(name: string, fields: Record<string, unknown>): boolean {
  const base = name.split(':')[0];
  return base in fields;
}

/** The comodels whose fields a form's x2many sub-views need, so get_views can describe them. */
export function subviewModels(node: ArchNode, fields: Record<string, Record<string, unknown>>, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) subviewModels(child, fields, found);
  } else if (node && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    const relation = typeof object.field === 'string' ? fields[object.field]?.relation : undefined;
    if (typeof relation === 'string' && (object.list || object.form)) found.add(relation);
    for (const [key, value] of Object.entries(object)) if (key !== 'list' && key !== 'form') subviewModels(value, fields, found);
  }
  return found;
}
