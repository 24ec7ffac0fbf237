/** A closed adapter and sandbox leave nothing behind that keeps a process (or jest) alive. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

it('lets the process end as soon as its work is done, after 204s, empty uploads, errors, resets and timeouts', async () => {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/sandbox_exit_probe.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const code = await new Promise<number | null>((resolve) => {
    // Far below the adapter's 60 s deadline: a surviving request timer would hold the child past it.
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('exit', (c) => {
      clearTimeout(guard);
      resolve(c);
    });
  });
  expect(err).toBe('');
  expect(out).toBe('done PartiallyShipped\n');
  expect(code).toBe(0);
  expect(Date.now() - started).toBeLessThan(25_000);
}, 30_000);
