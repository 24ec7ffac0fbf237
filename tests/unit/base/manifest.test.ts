import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestError, readManifests, resolveOrder } from '../../../addons/base/loader/manifest';

let dir: string;
const write = (name: string, content: unknown) =>
  writeFileSync(join(dir, `${name}.json`), typeof content === 'string' ? content : JSON.stringify(content));
const addon = (name: string, depends: string[] = [], extra: Record<string, unknown> = {}) => write(name, { name, version: '1.0', depends, ...extra });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'manifests-'));
  addon('base');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function error(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

test('dependencies come first, base always first, each addon once', () => {
  addon('sale', ['product', 'account']);
  addon('product', ['base']);
  addon('account', ['product']);
  addon('unrelated', ['base']);
  const order = resolveOrder(readManifests(dir), ['sale']);
  expect(order).toEqual(['base', 'product', 'account', 'sale']);
  const all = resolveOrder(readManifests(dir), ['unrelated', 'sale', 'product']);
  expect(all[0]).toBe('base');
  expect(new Set(all).size).toBe(all.length);
  expect(all.indexOf('product')).toBeLessThan(all.indexOf('account'));
  expect(all.indexOf('account')).toBeLessThan(all.indexOf('sale'));
});

test('a missing dependency names the addon that needs it', () => {
  addon('sale', ['ghost']);
  const e = error(() => resolveOrder(readManifests(dir), ['sale']));
  expect(e).toBeInstanceOf(ManifestError);
  expect(e.message).toMatch(/sale/);
  expect(e.message).toMatch(/ghost/);
});

test('asking for an addon that does not exist names it', () => {
  const e = error(() => resolveOrder(readManifests(dir), ['nowhere']));
  expect(e).toBeInstanceOf(ManifestError);
  expect(e.message).toMatch(/nowhere/);
});

test('a dependency cycle stops with the addons in the cycle', () => {
  addon('a', ['b']);
  addon('b', ['c']);
  addon('c', ['a']);
  const e = error(() => resolveOrder(readManifests(dir), ['a']));
  expect(e).toBeInstanceOf(ManifestError);
  expect(e.message).toMatch(/cycle/);
  expect(e.message).toMatch(/a -> b -> c -> a/);
});

test('a self-dependency is a cycle', () => {
  addon('selfish', ['selfish']);
  expect(() => resolveOrder(readManifests(dir), ['selfish'])).toThrow(/selfish.*cycle|cycle.*selfish/);
});

test.each([
  ['invalid JSON', '{ "name": "broken", ', /broken.*not valid JSON/],
  ['no version', { name: 'broken', depends: [] }, /broken.*invalid manifest/],
  ['bad version', { name: 'broken', version: 'one', depends: [] }, /broken.*invalid manifest/],
  ['depends not a list', { name: 'broken', version: '1.0', depends: 'base' }, /broken.*invalid manifest/],
  ['unknown key', { name: 'broken', version: '1.0', depends: [], colour: 'red' }, /broken.*invalid manifest/],
  ['name differs from file', { name: 'other', version: '1.0', depends: [] }, /broken.*"other"/],
  ['missing entry file', { name: 'broken', version: '1.0', depends: [], entry: 'addons/broken/nothing_here.ts' }, /broken.*does not exist/],
  ['missing data file', { name: 'broken', version: '1.0', depends: [], data: ['addons/broken/data/none.json'] }, /broken.*does not exist/],
])('an invalid manifest (%s) stops with a message naming the addon', (_label, content, pattern) => {
  write('broken', content);
  const e = error(() => readManifests(dir));
  expect(e).toBeInstanceOf(ManifestError);
  expect(e.message).toMatch(pattern as RegExp);
});

test('the repository manifests are valid and resolve', () => {
  const manifests = readManifests();
  expect(manifests.get('base')?.depends).toEqual([]);
  expect(resolveOrder(manifests, ['base'])).toEqual(['base']);
});
