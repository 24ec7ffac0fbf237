import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARTIFACTS_DIR = resolve(__dirname, '..', 'artifacts');

/**
 * Whether the browser suite can run here. With CI=true a missing chromium is a failure (the
 * suite must not silently skip); on a laptop without it the suite is skipped with a reason.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true but chromium is missing at ${CHROMIUM_PATH}: the browser suite cannot run.`);
  console.warn(`Skipping browser tests: no chromium at ${CHROMIUM_PATH}.`);
  return false;
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/**
 * Builds the client bundle once across the browser suite's parallel jest workers: a lock
 * directory serialises them, and a worker that gets it after another's build finds the bundle
 * fresh and leaves it alone (rewriting it could cut a file another worker's server is sending).
 */
export async function buildAssetsOnce(): Promise<void> {
  const { buildAssets, bundleIsStale } = await import('../../addons/web/assets/bundle');
  const { mkdirSync: mkdir, rmSync, statSync } = await import('node:fs');
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const lock = join(ARTIFACTS_DIR, '.assets-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdir(lock);
      break;
    } catch {
      // A lock older than two minutes was left by a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`could not take ${lock} to build the client bundle`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    if (bundleIsStale()) await buildAssets({ minify: false });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
