/**
 * How close the adapter gets to Amazon's usage plans when it pulls changed orders.
 *
 * For each Orders API version and order count, a fresh sandbox enforces Amazon's published usage
 * plans on a clock running `--scale` times faster than real time; the adapter (sharing that clock)
 * fetches every changed order. Printed per run: API calls per 1,000 orders, wall time in Amazon
 * time, the floor the usage plans impose on that many calls (burst at once, then 1/rate per
 * call; operations that run side by side count by the slowest), their ratio, and failed requests
 * (429s included). Goal: ratio ≤ 1.05 and no failed request.
 *
 * The time scale is chosen per run so that it lasts about `--seconds` of real time (at most
 * `--max-scale`): at very high scales a few milliseconds of CPU (the sandbox renders and validates
 * every page) become minutes of Amazon time and would be charged to the pacing.
 *
 *   npx tsx bench/sp_api_pacing.ts [--seconds 30] [--max-scale 600] [--sizes 1000,5000,20000] [--versions 2026-01-01,v0]
 */
import { parseArgs } from 'node:util';
import { iso } from '../addons/sale_amazon/sp_api/clock';
import { USAGE_PLANS, pacingFloorMs, type OperationKey } from '../addons/sale_amazon/sp_api/usage_plans';
import type { RequestEvent } from '../addons/sale_amazon/sp_api/transport';
import { sandboxAdapter, startSandbox } from '../tests/support/sandbox';

const DAY = 86400_000;
const MARKETPLACES = ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'];

interface Row {
  version: string;
  scale: number;
  orders: number;
  fetched: number;
  calls: number;
  wallMs: number;
  floorMs: number;
  failed: number;
  failures: string;
  realMs: number;
}

async function run(version: '2026-01-01' | 'v0', count: number, scale: number): Promise<Row> {
  const sandbox = await startSandbox({ timeScale: scale, seed: count });
  try {
    const now = sandbox.clock.now();
    // Old enough that every generated life cycle is over: nothing changes while we read.
    const generated = sandbox.control.generateOrders({ count, from: now - 40 * DAY, to: now - 10 * DAY, marketplaces: ['US', 'CA'] });
    const after = iso(now - 41 * DAY);

    // Warm-up (another account): compiles the sandbox's validators, then the plans start afresh.
    const warm = sandboxAdapter(sandbox, { ordersApiVersion: version, sellerId: 'WARMUP' });
    for await (const page of warm.listChangedOrderPages({ marketplaceIds: MARKETPLACES, lastUpdatedAfter: iso(now - 5 * DAY) })) void page;
    await warm.getOrder(generated[0]!.ref);
    warm.close();
    sandbox.control.resetRateLimits();
    sandbox.control.resetStats();

    const events: RequestEvent[] = [];
    const port = sandboxAdapter(sandbox, { ordersApiVersion: version, sellerId: 'BENCH', requestTimeoutMs: 30_000, onRequest: (e) => events.push(e) });
    const t0 = sandbox.clock.now();
    const r0 = performance.now();
    let fetched = 0;
    for await (const page of port.listChangedOrderPages({ marketplaceIds: MARKETPLACES, lastUpdatedAfter: after })) fetched += page.orders.length;
    const wallMs = sandbox.clock.now() - t0;
    const realMs = performance.now() - r0;
    port.close();

    const api = events.filter((e) => e.operation !== 'lwa.token');
    const perOperation = new Map<string, number>();
    for (const e of api) perOperation.set(e.operation, (perOperation.get(e.operation) ?? 0) + 1);
    const floorMs = Math.max(0, ...[...perOperation].map(([op, n]) => pacingFloorMs(USAGE_PLANS[op as OperationKey], n)));
    const failed = events.filter((e) => e.status === null || e.status >= 400).length + sandbox.control.stats.throttled - events.filter((e) => e.status === 429).length;
    const kinds = new Map<string, number>();
    for (const e of events.filter((x) => x.status === null || x.status >= 400)) kinds.set(`${e.operation} ${e.status ?? e.code}`, (kinds.get(`${e.operation} ${e.status ?? e.code}`) ?? 0) + 1);
    const failures = [...kinds].map(([k, n]) => `${n}× ${k}`).join(', ');
    return { version, scale, orders: count, fetched, calls: api.length, wallMs, floorMs, failed, failures, realMs };
  } finally {
    await sandbox.close();
  }
}

/** The floor of a run, estimated before it (100 orders per page), turned into a time scale. */
function scaleFor(version: '2026-01-01' | 'v0', orders: number, seconds: number, maxScale: number): number {
  const pages = Math.ceil(orders / 100);
  const floor = version === 'v0'
    ? Math.max(pacingFloorMs(USAGE_PLANS['ordersV0.getOrders'], pages), pacingFloorMs(USAGE_PLANS['ordersV0.getOrderItems'], orders))
    : pacingFloorMs(USAGE_PLANS['orders2026.searchOrders'], pages);
  return Math.round(Math.min(maxScale, Math.max(50, floor / 1000 / seconds)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, 'max-scale': { type: 'string', default: '600' }, sizes: { type: 'string', default: '1000,5000,20000' }, versions: { type: 'string', default: '2026-01-01,v0' } } });
  const seconds = Number(values.seconds);
  const maxScale = Number(values['max-scale']);
  const sizes = values.sizes!.split(',').map(Number);
  const versions = values.versions!.split(',') as ('2026-01-01' | 'v0')[];
  const h = (s: number) => `${(s / 3600_000).toFixed(2)} h`;
  console.log(`SP-API pacing: sandbox enforcing Amazon's usage plans; time scale per run (Amazon seconds per real second) shown\n`);
  console.log(['version', 'scale', 'orders', 'fetched', 'calls/1k', 'wall (Amazon)', 'floor', 'wall/floor', 'failed', 'real s'].map((c) => c.padEnd(13)).join(''));
  let ok = true;
  for (const version of versions) {
    for (const n of sizes) {
      const r = await run(version, n, scaleFor(version, n, seconds, maxScale));
      const ratio = r.floorMs > 0 ? r.wallMs / r.floorMs : null;
      if (r.fetched !== r.orders || r.failed > 0 || (ratio !== null && ratio > 1.05)) ok = false;
      console.log([
        r.version, String(r.scale), String(r.orders), String(r.fetched), ((r.calls / r.orders) * 1000).toFixed(1), h(r.wallMs), h(r.floorMs),
        ratio === null ? `- (burst; wall ${Math.round(r.wallMs / 1000)} s)` : ratio.toFixed(3), String(r.failed), (r.realMs / 1000).toFixed(1),
      ].map((c) => c.padEnd(13)).join(''));
      if (r.failures) console.log(`    failed: ${r.failures}`);
    }
  }
  console.log(`\n${ok ? 'GOAL MET' : 'GOAL MISSED'}: every order fetched, wall/floor ≤ 1.05 where the plan binds, no failed request.`);
  process.exitCode = ok ? 0 : 1;
}

void main();
