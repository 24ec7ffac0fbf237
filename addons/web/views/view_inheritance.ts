import type { Environment } from '../../base/orm/environment';
import { ValidationError } from '../../base/orm/exceptions';
import { parseJsonText } from '../models/json_text';
import { applyPatches } from './arch_patch';

interface ViewRow { id: number; name: string; arch: unknown; inherit_id: number | false | null }

/** The view an extension ultimately patches: get_views shows that one with every extension applied. */
export async function rootViewId(env: Environment, viewId: number): Promise<number> {
  const views = env.model('ir.ui.view').sudo().withContext({ active_test: false });
  const seen = new Set<number>();
  let current = viewId;
  for (;;) {
    if (seen.has(current)) throw new ValidationError(`View ${viewId} inherits from itself (through view ${current}).`);
    seen.add(current);
    const [row] = await views.browse([current]).fetch(['inherit_id']);
    if (!row?.inherit_id) return current;
    current = row.inherit_id as number;
  }
}

/**
 * The arch of a view with its active extensions applied, as Odoo's _get_combined_arch: each
 * extension (lowest priority first, then by id) patches the arch combined so far, and an
 * extension's own extensions are applied right after it.
 */
export async function combinedArch(env: Environment, rootId: number): Promise<unknown> {
  const [root] = await env.model('ir.ui.view').sudo().browse([rootId]).fetch(['arch']);
  return applyExtensions(env, rootId, parseJsonText(root?.arch, {}));
}

async function applyExtensions(env: Environment, parentId: number, arch: unknown): Promise<unknown> {
  const views = env.model('ir.ui.view').sudo();
  const extensions = await views.search([['inherit_id', '=', parentId]], { order: 'priority, id' });
  let combined = arch;
  for (const row of await extensions.fetch(['name', 'arch', 'inherit_id']) as unknown as ViewRow[]) {
    const patches = (parseJsonText(row.arch, {}) as { patches?: unknown }).patches;
    combined = applyPatches(combined, patches, `"${row.name}" (id ${row.id})`);
    combined = await applyExtensions(env, row.id, combined);
  }
  return combined;
}
