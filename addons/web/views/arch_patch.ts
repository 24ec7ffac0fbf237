import { ValidationError } from '../../base/orm/exceptions';

/**
 * View inheritance for JSON archs (Odoo's xpath-based inheritance, docs/views.md): an
 * inheriting view's arch is `{ "patches": [...] }`, each patch naming one node of the parent
 * arch by a locator and saying what to do there.
 *
 *   { "after" | "before": locator, "insert": [nodes] }
 *   { "inside": locator, "insert": [nodes] }     appended to the node's children
 *   { "replace": locator, "with": [nodes] }      [] removes the node
 *   { "attributes": locator, "set": { key: value | null } }   null removes the key
 *
 * Locators: { "field": name } (form fields, list columns, search view field names),
 * { "button": name } (sheet buttons, header and footer buttons), { "name": name } (buttons,
 * list actions, search filters and group-bys), { "page": title }, { "group": title } and
 * { "arch": "header.buttons" } (an array of the arch by its path, created when missing).
 */
export interface Patch {
  after?: Locator; before?: Locator; inside?: Locator; replace?: Locator; attributes?: Locator;
  insert?: unknown[]; with?: unknown[]; set?: Record<string, unknown>;
}
export type Locator = { field: string } | { button: string } | { name: string } | { page: string } | { group: string } | { arch: string };

type Node = Record<string, unknown>;
/** Where a node sits: the array holding it and its index, so siblings can be inserted. */
interface Place { parent: unknown[]; index: number }

const OPERATIONS = ['after', 'before', 'inside', 'replace', 'attributes'] as const;

/** The parent arch with every patch applied in order; the input is not modified. */
export function applyPatches(arch: unknown, patches: unknown, viewName: string): unknown {
  if (!Array.isArray(patches)) throw new ValidationError(`Inheriting view ${viewName}: the arch must be { "patches": [...] }.`);
  const result = structuredClone(arch);
  patches.forEach((patch, index) => applyPatch(result, patch as Patch, `Inheriting view ${viewName}, patch ${index + 1}`));
  return result;
}

function applyPatch(arch: unknown, patch: Patch, where: string): void {
  const operations = OPERATIONS.filter((op) => patch && typeof patch === 'object' && op in patch);
  if (operations.length !== 1) throw new ValidationError(`${where}: a patch needs exactly one of ${OPERATIONS.join(', ')}.`);
  const [operation] = operations;
  const locator = patch[operation] as Locator;
  if (operation === 'inside') {
    childrenOf(arch, locator, where).push(...nodes(patch.insert, 'insert', where));
    return;
  }
  const place = locate(arch, locator, where);
  if (operation === 'after') place.parent.splice(place.index + 1, 0, ...nodes(patch.insert, 'insert', where));
  else if (operation === 'before') place.parent.splice(place.index, 0, ...nodes(patch.insert, 'insert', where));
  else if (operation === 'replace') place.parent.splice(place.index, 1, ...nodes(patch.with, 'with', where));
  else setAttributes(place.parent[place.index], patch.set, where);
}

function nodes(value: unknown, key: string, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ValidationError(`${where}: "${key}" must be a list of nodes.`);
  return structuredClone(value);
}

function setAttributes(node: unknown, set: unknown, where: string): void {
  if (!set || typeof set !== 'object' || Array.isArray(set)) throw new ValidationError(`${where}: "set" must be an object of attributes.`);
  if (!node || typeof node !== 'object') throw new ValidationError(`${where}: attributes can only be set on an object node.`);
  for (const [key, value] of Object.entries(set)) {
    if (value === null) delete (node as Node)[key];
    else (node as Node)[key] = value;
  }
}

/** The first node (depth first, in arch order) the locator names; an error naming it when none. */
function locate(arch: unknown, locator: Locator, where: string): Place {
  const matches = matcher(locator, where);
  const found = findPlace(arch, matches);
  if (!found) throw new ValidationError(`${where}: no node matches ${JSON.stringify(locator)} in the parent view.`);
  return found;
}

function findPlace(node: unknown, matches: (item: unknown) => boolean): Place | null {
  if (Array.isArray(node)) {
    for (let index = 0; index < node.length; index++) {
      if (matches(node[index])) return { parent: node, index };
      const inner = findPlace(node[index], matches);
      if (inner) return inner;
    }
    return null;
  }
  if (!node || typeof node !== 'object') return null;
  for (const [key, value] of Object.entries(node as Node)) {
    // Modifiers and domains are data, never nodes.
    if (['invisible', 'readonly', 'required', 'domain', 'filter_domain', 'context'].includes(key)) continue;
    const inner = findPlace(value, matches);
    if (inner) return inner;
  }
  return null;
}

function matcher(locator: Locator, where: string): (item: unknown) => boolean {
  if (!locator || typeof locator !== 'object') throw new ValidationError(`${where}: the locator must be an object such as { "field": "partner_id" }.`);
  const [kind, value] = Object.entries(locator)[0] ?? [];
  const object = (item: unknown): Node | null => (item && typeof item === 'object' && !Array.isArray(item) ? (item as Node) : null);
  switch (kind) {
    case 'field': return (item) => item === value || object(item)?.field === value;
    case 'button': return (item) => object(item)?.button === value || (object(item)?.name === value && !('field' in (object(item) ?? {})));
    case 'name': return (item) => object(item)?.name === value || object(item)?.button === value;
    case 'page': return (item) => object(item)?.page === value;
    case 'group': return (item) => Array.isArray(object(item)?.group) && object(item)?.string === value;
    default: throw new ValidationError(`${where}: unknown locator ${JSON.stringify(locator)}; use field, button, name, page, group or arch.`);
  }
}

/** The list a node holds its children in: a page's children, a group's, a notebook's pages, a sub-list's columns. */
function childrenOf(arch: unknown, locator: Locator, where: string): unknown[] {
  if (locator && typeof locator === 'object' && 'arch' in locator) return archPath(arch, locator.arch, where);
  const { parent, index } = locate(arch, locator, where);
  const node = parent[index] as Node;
  for (const key of ['children', 'group', 'notebook', 'list', 'buttons']) {
    if (Array.isArray(node?.[key])) return node[key] as unknown[];
  }
  if (node && typeof node === 'object' && 'page' in node) return ((node as Node).children = []) as unknown[];
  throw new ValidationError(`${where}: ${JSON.stringify(locator)} names a node without children.`);
}

/** An array of the arch by a dotted path ("actions", "header.buttons"), created when missing. */
function archPath(arch: unknown, path: string, where: string): unknown[] {
  const keys = String(path).split('.').filter(Boolean);
  if (!keys.length || !arch || typeof arch !== 'object') throw new ValidationError(`${where}: "arch" must name a path such as "header.buttons".`);
  let node = arch as Node;
  for (const [i, key] of keys.entries()) {
    const last = i === keys.length - 1;
    if (node[key] === undefined) node[key] = last ? [] : {};
    const next = node[key];
    if (last) {
      if (!Array.isArray(next)) throw new ValidationError(`${where}: "${path}" is not a list in the parent view.`);
      return next;
    }
    if (!next || typeof next !== 'object' || Array.isArray(next)) throw new ValidationError(`${where}: "${path}" is not a path of objects in the parent view.`);
    node = next as Node;
  }
  throw new ValidationError(`${where}: "${path}" is not a list in the parent view.`);
}
