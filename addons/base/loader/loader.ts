import { join } from 'node:path';
import type { Database } from '../db/database';
import { Environment, SUPERUSER_ID } from '../orm/environment';
import { Registry, type ModelContribution } from '../orm/registry';
import { syncSchema } from '../orm/schema';
import { loadDataFile } from './data';
import { readManifests, resolveOrder, ROOT, type Manifest } from './manifest';

export interface AddonModule {
  models?: ModelContribution[];
  /** runs after the addon's data at first install */
  postInit?: (env: Environment) => Promise<void>;
}

export interface LoadOptions {
  /** addons to install besides their dependencies; default: every addon in manifests/ */
  addons?: string[];
  demo?: boolean;
  log?: (line: string) => void;
  /** where the manifests are read from (default: the repository's manifests/); tests add addons this way */
  manifestsDir?: string;
}

export interface LoadedRegistry {
  registry: Registry;
  manifests: Map<string, Manifest>;
  order: string[];
}

/** Builds the model registry of the addons (in dependency order) without touching a database. */
export function buildRegistry(options: LoadOptions = {}): LoadedRegistry {
  const manifests = readManifests(options.manifestsDir);
  const order = resolveOrder(manifests, options.addons ?? [...manifests.keys()]);
  const registry = new Registry();
  for (const addon of order) {
    const manifest = manifests.get(addon)!;
    const module: AddonModule = manifest.entry ? require(join(ROOT, manifest.entry)) : {};
    registry.register(addon, module.models ?? []);
  }
  registry.setup();
  return { registry, manifests, order };
}

/**
 * Installs or upgrades the addons on the database: schema first, then each addon's data in
 * dependency order, recording versions. Idempotent: a second run with the same versions only
 * checks the schema.
 */
export async function loadDatabase(db: Database, options: LoadOptions = {}): Promise<LoadedRegistry> {
  const loaded = buildRegistry(options);
  const { registry, manifests, order } = loaded;
  const log = options.log ?? (() => undefined);
  await db.transaction(async (cr) => {
    // Only one process installs at a time (workers started together on one PostgreSQL).
    if (cr.kind === 'postgres') await cr.query('SELECT pg_advisory_xact_lock(7239001)');
    await syncSchema(cr, registry);
    const env = new Environment(registry, cr, SUPERUSER_ID, { active_test: false });
    env.cache.db = db;
    const { rows } = await cr.query<{ name: string; latest_version: string }>('SELECT name, latest_version FROM ir_module_module');
    const installed = new Map(rows.map((r) => [r.name, r.latest_version]));
    for (const addon of order) {
      const manifest = manifests.get(addon)!;
      const previous = installed.get(addon);
      if (previous === manifest.version) continue;
      const mode = previous ? 'upgrade' : 'install';
      log(`${mode === 'install' ? 'Installing' : 'Upgrading'} ${addon} ${manifest.version}`);
      for (const path of manifest.data ?? []) await loadDataFile(env, addon, path, mode);
      if (mode === 'install' && options.demo) for (const path of manifest.demo ?? []) await loadDataFile(env, addon, path, mode);
      if (mode === 'install') {
        const module: AddonModule = manifest.entry ? require(join(ROOT, manifest.entry)) : {};
        await module.postInit?.(env);
      }
      await cr.query(
        `INSERT INTO ir_module_module (name, latest_version, state, create_date, write_date) VALUES ($1, $2, 'installed', now(), now())
         ON CONFLICT (name) DO UPDATE SET latest_version = EXCLUDED.latest_version, write_date = now()`, [addon, manifest.version]);
    }
  });
  return loaded;
}
