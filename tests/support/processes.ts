/**
 * Worker processes for the fault and concurrency tests: the real CLI (`bin/erp.ts`) or a small
 * script, started with tsx against a shared PostgreSQL database, watched, and always reaped.
 * Every child started here is killed by `killAll()` (call it in afterAll), so a failing test
 * never leaves a process behind on the shared machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface Worker {
  child: ChildProcess;
  pid: number;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGKILL and waits for the process to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<Worker>();

/** Starts `tsx <script> ...args` in the repository root. */
export function spawnTsx(script: string, args: string[], env: Record<string, string> = {}): Worker {
  const child = spawn(TSX, [script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a kill reaches tsx's node child too.
    detached: true,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  child.stderr!.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
  });
  const worker: Worker = {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
  running.add(worker);
  void exited.then(() => running.delete(worker));
  return worker;
}

/** `tsx bin/erp.ts <args>`: the ERP's own command line. */
export function spawnErp(args: string[], env: Record<string, string> = {}): Worker {
  return spawnTsx(join(ROOT, 'bin', 'erp.ts'), args, env);
}

/** Waits for a clean exit; fails with the process's output otherwise. */
export async function expectSuccess(worker: Worker, timeoutMs = 90_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`process ${worker.pid} still running after ${timeoutMs} ms\n${worker.stdout()}\n${worker.stderr()}`)), timeoutMs);
  });
  try {
    const { code, signal } = await Promise.race([worker.exited, timeout]);
    if (code !== 0) throw new Error(`process ${worker.pid} exited with ${code ?? signal}\nstdout:\n${worker.stdout()}\nstderr:\n${worker.stderr()}`);
    return worker.stdout();
  } finally {
    clearTimeout(timer);
  }
}

/** Kills every child still running (afterAll of every test file that spawns). */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((w) => w.kill('SIGKILL')));
}

/** A small seeded PRNG (mulberry32), so that random kill points are printed and reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A TCP port free on loopback right now, for a server process to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
