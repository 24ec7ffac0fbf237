/** `npm run sandbox -- --port P`: the sandbox alone, with demo traffic, and the one line a script reads. */
import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { iso } from '../../addons/sale_amazon/sp_api/clock';
import { createSpApiAdapter } from '../../addons/sale_amazon/sp_api/adapter';

const ROOT = path.resolve(__dirname, '../..');
const LINE = /^LWA credentials: client_id=(\S+) client_secret=(\S+) refresh_token=(\S+)$/;

let child: ChildProcess | undefined;

afterEach(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child!.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM'); // the group: npm, its shell and the sandbox itself
  await exited;
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

it('prints exactly the LWA credentials line, and accepts those credentials on that port', async () => {
  const port = await freePort();
  child = spawn('npm', ['run', 'sandbox', '--', '--port', String(port)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  // stderr's "listening" line comes after the credentials line.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sandbox after 20 s: ${out} ${err}`)), 20_000);
    child!.stderr!.on('data', () => {
      if (err.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child!.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${err}`)));
  });
  // npm's own banner ("> amazon-erp@... sandbox", "> tsx ...") aside, the program prints one line.
  const own = out.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('> '));
  expect(own).toHaveLength(1);
  const m = LINE.exec(own[0]!)!;
  expect(m).not.toBeNull();
  expect(err).toContain(`AMAZON_SP_API_ENDPOINT=http://127.0.0.1:${port}`);

  const [, clientId, clientSecret, refreshToken] = m;
  const adapter = (secret: string) => createSpApiAdapter({
    sellerId: 'CLI', clientId: clientId!, clientSecret: secret, refreshToken: refreshToken!, region: 'na', ordersApiVersion: '2026-01-01',
    endpoint: `http://127.0.0.1:${port}`, retryPolicy: { maxAttempts: 1 },
  });
  const good = adapter(clientSecret!);
  try {
    expect((await good.getMarketplaceParticipations()).map((p) => p.countryCode).sort()).toEqual(['CA', 'US']);
    // Demo traffic: two days of history is there to import.
    const orders = [];
    for await (const o of good.listChangedOrders({ marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'], lastUpdatedAfter: iso(Date.now() - 3 * 86400_000) })) orders.push(o);
    expect(orders.length).toBeGreaterThan(0);
  } finally {
    good.close();
  }
  const bad = adapter('wrong');
  await expect(bad.getMarketplaceParticipations()).rejects.toMatchObject({ operation: 'lwa.token', code: 'invalid_client' });
  bad.close();
}, 40_000);
