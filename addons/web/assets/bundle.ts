import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readManifests, resolveOrder, ROOT } from '../../base/loader/manifest';

export const DIST_DIR = join(ROOT, 'static', 'web', 'dist');
export const BUNDLE_JS = join(DIST_DIR, 'web.js');
export const BUNDLE_CSS = join(DIST_DIR, 'web.css');
/** Imported last: mounts the client once every addon has filled the registries. */
const START_MODULE = 'static/web/src/start.ts';

export interface BuildResult {
  js: string;
  css: string;
  jsBytes: number;
  cssBytes: number;
  millis: number;
}

/**
 * The asset list of the addons, in dependency order: each manifest's "assets" (.ts modules
 * that register components, .css style sheets). Every addon found in manifests/ is bundled;
 * menus and actions decide what a database actually shows.
 */
export function assetList(): { scripts: string[]; styles: string[] } {
  const manifests = readManifests();
  const order = resolveOrder(manifests, [...manifests.keys()]);
  const assets = order.flatMap((addon) => manifests.get(addon)!.assets ?? []);
  return {
    scripts: assets.filter((path) => /\.[jt]s$/.test(path)),
    styles: ['static/web/src/webclient.css', ...assets.filter((path) => path.endsWith('.css'))],
  };
}

/** Bundles the client with esbuild into static/web/dist/web.js and web.css. */
export async function buildAssets(options: { minify?: boolean } = {}): Promise<BuildResult> {
  const esbuild = await import('esbuild');
  const started = Date.now();
  const { scripts, styles } = assetList();
  mkdirSync(DIST_DIR, { recursive: true });
  const importLines = (paths: string[], css: boolean) =>
    paths.map((path) => (css ? `@import ${JSON.stringify('./' + path)};` : `import ${JSON.stringify('./' + path)};`)).join('\n');
  await esbuild.build({
    stdin: { contents: importLines([...scripts, START_MODULE], false), resolveDir: ROOT, sourcefile: 'web_bundle_entry.ts', loader: 'ts' },
    bundle: true, outfile: BUNDLE_JS, format: 'iife', target: 'es2020', minify: options.minify ?? true, sourcemap: 'linked',
    logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' },
  });
  await esbuild.build({
    stdin: { contents: importLines(styles, true), resolveDir: ROOT, sourcefile: 'web_bundle_entry.css', loader: 'css' },
    bundle: true, outfile: BUNDLE_CSS, minify: options.minify ?? true, logLevel: 'silent',
  });
  return { js: BUNDLE_JS, css: BUNDLE_CSS, jsBytes: statSync(BUNDLE_JS).size, cssBytes: statSync(BUNDLE_CSS).size, millis: Date.now() - started };
}

/** True when the bundle is missing or older than any client source or manifest. */
export function bundleIsStale(): boolean {
  if (!existsSync(BUNDLE_JS) || !existsSync(BUNDLE_CSS)) return true;
  const built = Math.min(statSync(BUNDLE_JS).mtimeMs, statSync(BUNDLE_CSS).mtimeMs);
  return newestSource([join(ROOT, 'static'), join(ROOT, 'manifests')]) > built;
}

function newestSource(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (relative(DIST_DIR, path) === '' || entry.name === 'node_modules') continue;
        walk(path);
      } else {
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return newest;
}

let pending: Promise<void> | null = null;

/** Builds once per process when needed; concurrent first requests share the same build. */
export function ensureAssets(): Promise<void> {
  if (!pending) {
    pending = (async () => {
      if (bundleIsStale()) await buildAssets();
    })().catch((error) => {
      pending = null;
      throw error;
    });
  }
  return pending;
}
