/**
 * Runs benchmarks one after the other: every bench/*.ts given as arguments (names or paths),
 * or all of them. Each prints its own figures. `npm run bench [-- rpc_search_read]`.
 * Arguments after `--` are passed to every benchmark.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const dir = __dirname;
const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const names = split >= 0 ? argv.slice(0, split) : argv;
const passThrough = split >= 0 ? argv.slice(split + 1) : [];
const all = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts').sort();
const chosen = names.length ? names.map((n) => `${basename(n).replace(/\.ts$/, '')}.ts`) : all;
const unknown = chosen.filter((f) => !all.includes(f));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const file of chosen) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(resolve(dir, '..', 'node_modules', '.bin', 'tsx'), [join(dir, file), ...passThrough], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${file} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed ? 1 : 0);
