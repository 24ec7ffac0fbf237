import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';

export interface Manifest {
  name: string;
  version: string;
  summary?: string;
  category?: string;
  application?: boolean;
  depends: string[];
  /** server module, relative to the repository root, exporting `models` (and hooks) */
  entry?: string;
  /** data files loaded at install and upgrade, in order */
  data?: string[];
  /** demo data files, loaded at install when demo data is wanted */
  demo?: string[];
  /** web client modules bundled into the client */
  assets?: string[];
}

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'depends'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
    version: { type: 'string', pattern: '^\\d+(\\.\\d+)*$' },
    summary: { type: 'string' },
    category: { type: 'string' },
    application: { type: 'boolean' },
    depends: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' }, uniqueItems: true },
    entry: { type: 'string' },
    data: { type: 'array', items: { type: 'string' } },
    demo: { type: 'array', items: { type: 'string' } },
    assets: { type: 'array', items: { type: 'string' } },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(SCHEMA);

export class ManifestError extends Error {}

export const ROOT = resolve(__dirname, '..', '..', '..');

/** Reads and validates every manifests/<addon>.json; the file name must match `name`. */
export function readManifests(dir = join(ROOT, 'manifests')): Map<string, Manifest> {
  const manifests = new Map<string, Manifest>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const addon = file.replace(/\.json$/, '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new ManifestError(`Addon ${addon}: manifests/${file} is not valid JSON (${(error as Error).message}).`);
    }
    if (!validate(parsed)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      throw new ManifestError(`Addon ${addon}: invalid manifest manifests/${file}: ${problems}.`);
    }
    const manifest = parsed as Manifest;
    if (manifest.name !== addon) throw new ManifestError(`Addon ${addon}: manifests/${file} declares name "${manifest.name}"; it must be "${addon}".`);
    for (const path of [...(manifest.data ?? []), ...(manifest.demo ?? []), ...(manifest.entry ? [manifest.entry] : [])]) {
      const candidates = [join(ROOT, path), join(ROOT, `${path}.ts`)];
      if (!candidates.some((c) => existsSync(c))) throw new ManifestError(`Addon ${addon}: the file ${path} named in its manifest does not exist.`);
    }
    manifests.set(addon, manifest);
  }
  return manifests;
}

/**
 * The addons to load, dependencies first. A missing dependency or a cycle stops start-up
 * with a message naming the addon.
 */
export function resolveOrder(manifests: Map<string, Manifest>, wanted: string[]): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    const manifest = manifests.get(name);
    if (!manifest) {
      const requiredBy = path[path.length - 1];
      throw new ManifestError(requiredBy ? `Addon ${requiredBy} depends on ${name}, which does not exist.` : `Addon ${name} does not exist.`);
    }
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new ManifestError(`Addon ${name} is part of a dependency cycle: ${[...path.slice(path.indexOf(name)), name].join(' -> ')}.`);
    state.set(name, 'visiting');
    for (const dependency of manifest.depends) visit(dependency, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of ['base', ...wanted]) visit(name, []);
  return order;
}
