/**
 * The order import benchmark still runs end to end (a few hundred orders, no figure checked:
 * performance is read from its output, never asserted here). A change to the import or its port
 * that the benchmark's stand-ins do not follow breaks this test, not the next measurement.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { engines, testDatabaseUrl } from '../../support/db';

jest.setTimeout(240_000);

const ROOT = join(__dirname, '..', '..', '..');

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'bench', 'order_import.ts'), ...args], {
      cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('bench/order_import imports a few hundred orders and prints its figures', async () => {
  const engine = engines().includes('postgres') ? 'postgres' : 'pglite';
  const { code, output } = await run(['--orders', '300', '--engines', engine, '--queries', '3', ...(testDatabaseUrl() ? ['--db-url', testDatabaseUrl()!] : [])]);
  expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
  expect(output).toMatch(new RegExp(`${engine}: 300 orders \\(\\d+ created`));
  expect(output).toMatch(/import : \d+ orders\/s/);
  expect(output).toMatch(/ratio  : [\d.]+ \(import time \/ floor time\)/);
  expect(output).toMatch(/where the import time goes/);
});
