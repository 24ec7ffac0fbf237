/**
 * Hostile or broken Amazon data through the real path (sandbox -> SP-API adapter -> mapping ->
 * order import): each order ends imported whole or logged as failed with a clear error, never a
 * crash of the run or a half-written order. And a sync with a bad token leaks no secret.
 */
import fc from 'fast-check';
import { syncOrders } from '../../../addons/sale_amazon/services/order_import';
import { isImportable } from '../../../addons/sale_amazon/services/order_processing';
import type { SeedOrder } from '../../../addons/sale_amazon/sandbox/control';
import { amazonDatabase, US, type AmazonTestSetup } from '../sale_amazon/helpers';
import { securityEngine } from './helpers';

jest.setTimeout(300_000);
const engine = securityEngine();

describe(`Amazon payload robustness on ${engine}`, () => {
  let setup: AmazonTestSetup;
  const ctx = () => ({ db: setup.t.db, registry: setup.t.registry });
  beforeAll(async () => { setup = await amazonDatabase(engine); });
  afterAll(() => setup?.close());

  interface Fate { ref: string; order?: { id: number; lines: number; partner: number | false; amount_total: number; state: string }; log?: { state: string; error: string } }
  /** What became of each order: imported (with its lines and customer) or logged for retry, never both or neither. */
  async function fates(refs: string[]): Promise<Fate[]> {
    return setup.t.rollback(async (env) => {
      const result: Fate[] = [];
      for (const ref of refs) {
        const [order] = await env.model('sale.order').search_read([['amazon_order_ref', '=', ref]], ['order_line', 'partner_id', 'amount_total', 'state'], { context: { active_test: false } } as never);
        const [log] = await env.model('amazon.sync.log').search_read([['order_ref', '=', ref], ['state', '=', 'retry']], ['state', 'error']);
        result.push({
          ref,
          order: order && { id: order.id, lines: order.order_line.length, partner: order.partner_id ? order.partner_id[0] : false, amount_total: order.amount_total, state: order.state },
          log: log && { state: log.state, error: log.error },
        });
      }
      return result;
    });
  }
  async function seedAndSync(seeds: SeedOrder[]) {
    const orders = setup.sandbox.control.seedOrders(seeds.map((seed) => ({ marketplaceId: US, lastUpdateDate: setup.sandbox.control.now(), ...seed })));
    setup.sandbox.control.advanceClock(180);
    const summary = await syncOrders(ctx(), setup.accountId);
    return { refs: orders.map((o) => o.ref), summary, importable: orders.map(isImportable) };
  }
  function checkFates(list: Fate[], seeds: SeedOrder[], importable: boolean[]) {
    list.forEach((fate, i) => {
      const label = `${fate.ref} ${JSON.stringify(seeds[i]).slice(0, 300)}`;
      if (fate.order && fate.log) throw new Error(`${label}: both imported and logged for retry`);
      // a new order in a status not imported (FBA not shipped yet, cancelled before import) is skipped
      if (!fate.order && !fate.log) {
        if (importable[i]) throw new Error(`${label}: neither imported nor logged`);
        return;
      }
      if (fate.log) {
        expect(fate.log.error.trim().length).toBeGreaterThan(5);
        expect(fate.log.error).not.toMatch(/\n\s+at |TypeError|ReferenceError|undefined is not|Cannot read properties/);
      } else {
        expect(fate.order!.partner).toBeTruthy();
        // every line Amazon sent is there (an order without items has none)
        if ((seeds[i].items ?? [{}]).length) expect(fate.order!.lines).toBeGreaterThanOrEqual((seeds[i].items ?? [{}]).length);
        expect(Number.isFinite(fate.order!.amount_total)).toBe(true);
      }
    });
  }

  const HTML = '<img src=x onerror=alert(1)>';
  const item = (over: Record<string, unknown> = {}) => ({ sku: 'FBM-MUG', quantityOrdered: 1, itemPrice: 12, itemTax: 1, ...over });
  const HOSTILE: Array<[string, SeedOrder]> = [
    ['buyer name with HTML', { buyer: { name: HTML, email: 'xss@marketplace.amazon.com' }, shippingAddress: { name: HTML, companyName: null, addressLine1: '<script>alert(1)</script>', addressLine2: null, addressLine3: null, city: 'Seattle', county: null, stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US', phone: null, addressType: 'Residential' }, items: [item({ title: '<b>bold</b>' })] }],
    ['unicode everywhere', { buyer: { name: 'Zoë Ærøskøbing 李小龍 مرحبا 👩‍👩‍👧‍👦', email: 'u@marketplace.amazon.com' }, items: [item({ title: '🎁 Tasse « été » ‮reversed' })] }],
    ['huge strings', { buyer: { name: 'N'.repeat(5000), email: `${'e'.repeat(300)}@marketplace.amazon.com` }, items: [item({ title: 'T'.repeat(20_000), sku: 'FBM-MUG' })], shipServiceLevel: 'Standard' }],
    ['SQL in text', { buyer: { name: "Robert'); DROP TABLE sale_order; --", email: 'b@marketplace.amazon.com' }, items: [item({ sku: "X'; DROP TABLE res_partner; --" })] }],
    ['no buyer name, no address', { buyer: { name: null, email: null }, shippingAddress: null, channel: 'FBA', status: 'Shipped', items: [item({ sku: 'FBA-BOOK' })] }],
    ['negative price', { items: [item({ itemPrice: -50, itemTax: -4 })] }],
    ['absurd price', { items: [item({ itemPrice: 9e15, itemTax: 1e14 })] }],
    ['zero quantity', { items: [item({ quantityOrdered: 0 })] }],
    ['huge quantity', { items: [item({ quantityOrdered: 2_000_000_000 })] }],
    ['no items', { items: [] }],
    ['unknown country', { shippingAddress: { name: 'Far Away', companyName: null, addressLine1: '1 Nowhere', addressLine2: null, addressLine3: null, city: 'X', county: null, stateOrRegion: 'ZZ', postalCode: '00000', countryCode: 'ZZ', phone: null, addressType: 'Residential' } }],
    ['fractional cents', { items: [item({ itemPrice: 10.0049999, itemTax: 0.333333 })] }],
    ['control characters', { buyer: { name: 'Tab\tNew\nLine\u0007Bell', email: 'c@marketplace.amazon.com' }, items: [item({ title: 'nul\u0000char' })] }],
  ];

  test('hostile but well-formed orders: each imported whole or logged with a clear error; the run completes', async () => {
    const seeds = HOSTILE.map(([, seed]) => seed);
    const { refs, summary, importable } = await seedAndSync(seeds);
    expect(summary.state).toBe('done');
    expect(summary.fetched).toBe(refs.length);
    const list = await fates(refs);
    checkFates(list, seeds, importable);
    expect(summary.created + summary.failed + summary.skipped + summary.updated).toBe(refs.length);
    // text stays text, byte for byte
    const xss = list[0].order!;
    const name = await setup.t.rollback(async (env) => (await env.model('res.partner').browse([xss.partner as number]).read(['name']))[0].name);
    expect(name).toBe(HTML);
    const unicode = list[1].order!;
    const uname = await setup.t.rollback(async (env) => (await env.model('res.partner').browse([unicode.partner as number]).read(['name']))[0].name);
    expect(uname).toBe('Zoë Ærøskøbing 李小龍 مرحبا 👩‍👩‍👧‍👦');
    console.log(HOSTILE.map(([label], i) => `${label}: ${list[i].order ? 'imported' : `logged (${list[i].log!.error.slice(0, 120)})`}`).join('\n'));
  });

  test('NUL and other control characters in buyer name, address and product title: stripped, the order imports (PostgreSQL refuses NUL in text)', async () => {
    const seed: SeedOrder = {
      buyer: { name: 'Nul\u0000 Buyer\u0007', email: 'nul@marketplace.amazon.com' },
      shippingAddress: { name: 'Nul\u0000 Buyer', companyName: null, addressLine1: '1 Null\u0000 Street\u001b', addressLine2: null, addressLine3: null, city: 'Sea\u0000ttle', county: null, stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US', phone: null, addressType: 'Residential' },
      items: [item({ sku: 'NUL-MUG', title: 'Mug\u0000 with\tlid\r\n2 pack' })],
    };
    const { refs, summary } = await seedAndSync([seed]);
    expect(summary).toMatchObject({ state: 'done', created: 1, failed: 0 });
    const [fate] = await fates(refs);
    expect(fate!.log).toBeUndefined();
    const stored = await setup.t.rollback(async (env) => {
      const [order] = await env.model('sale.order').search_read([['amazon_order_ref', '=', refs[0]]], ['partner_id', 'partner_shipping_id']);
      const [buyer] = await env.model('res.partner').browse([order!.partner_id[0]]).read(['name']);
      const [shipTo] = await env.model('res.partner').browse([order!.partner_shipping_id[0]]).read(['street', 'city']);
      const [offer] = await env.model('amazon.offer').search_read([['sku', '=', 'NUL-MUG']], ['sku']);
      const lines = await env.model('sale.order.line').search_read([['order_id', '=', order!.id], ['amazon_item_ref', '!=', false]], ['name']);
      return { buyer: buyer!.name, street: shipTo!.street, city: shipTo!.city, offer: offer?.sku, line: lines[0]!.name };
    });
    expect(stored).toMatchObject({ buyer: 'Nul Buyer', street: '1 Null Street', city: 'Seattle', offer: 'NUL-MUG' });
    // Tab and newline are kept; the title's NUL and carriage return are gone.
    expect(stored.line).toContain('Mug with\tlid\n2 pack');
  });

  test('property: random mutations of orders (missing fields, wrong types, odd numbers) never crash the run or half-write an order', async () => {
    const weirdNumber = fc.oneof(fc.constantFrom(0, -1, -0.01, 1e9, 1e21, Number.MAX_SAFE_INTEGER, 0.005), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e9 }));
    const weirdText = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', ' ', HTML, 'x'.repeat(3000), null));
    const itemArb = fc.record({
      sku: fc.oneof(fc.constantFrom('FBM-MUG', 'FBA-BOOK', 'UNKNOWN-SKU'), weirdText),
      title: weirdText,
      quantityOrdered: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, -1, 1e6)),
      itemPrice: fc.oneof(fc.double({ min: 0, max: 500, noNaN: true }), weirdNumber),
      itemTax: fc.oneof(fc.constant(0), weirdNumber),
      shippingPrice: fc.oneof(fc.constant(0), weirdNumber),
      promotionDiscount: fc.oneof(fc.constant(0), weirdNumber),
      isGift: fc.boolean(),
      giftMessage: weirdText,
    }, { requiredKeys: [] });
    const seedArb: fc.Arbitrary<SeedOrder> = fc.record({
      channel: fc.constantFrom('FBA', 'FBM'),
      status: fc.constantFrom('Unshipped', 'Shipped', 'Canceled'),
      currency: fc.constantFrom('USD', 'EUR', 'XTS', null),
      orderTotal: fc.oneof(fc.constant(undefined), weirdNumber),
      buyer: fc.record({ name: weirdText, email: fc.oneof(fc.constant('f@marketplace.amazon.com'), weirdText), companyName: weirdText, vatNumber: weirdText }, { requiredKeys: [] }),
      shippingAddress: fc.oneof(fc.constant(undefined), fc.constant(null), fc.record({
        name: weirdText, companyName: weirdText, addressLine1: weirdText, addressLine2: weirdText, addressLine3: weirdText, city: weirdText, county: weirdText,
        stateOrRegion: weirdText, postalCode: weirdText, countryCode: fc.constantFrom('US', 'DE', 'ZZ', '', null), phone: weirdText, addressType: fc.constantFrom('Residential', 'Commercial', null),
      })),
      isBusinessOrder: fc.boolean(),
      items: fc.array(itemArb, { minLength: 0, maxLength: 3 }),
    }, { requiredKeys: ['items'] }) as fc.Arbitrary<SeedOrder>;

    let imported = 0;
    let logged = 0;
    const errors = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.array(seedArb, { minLength: 1, maxLength: 3 }), async (seeds) => {
      const { refs, summary, importable } = await seedAndSync(seeds);
      expect(summary.state).toBe('done');
      const list = await fates(refs);
      checkFates(list, seeds, importable);
      imported += list.filter((f) => f.order).length;
      logged += list.filter((f) => f.log).length;
      for (const f of list) if (f.log) errors.add(f.log.error.replace(/\d+(\.\d+)?/g, 'N').slice(0, 140));
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 40), endOnFailure: true });
    console.log(`random orders: ${imported} imported, ${logged} logged for retry:\n${[...errors].join('\n')}`);
    expect(imported).toBeGreaterThan(0);
  });

  test('a sync with a revoked refresh token fails clearly and never writes a secret to logs, runs or errors', async () => {
    const badToken = 'Atzr|REVOKED-SECRET-TOKEN-do-not-log-91ab';
    const clientSecret = setup.sandbox.credentials.clientSecret;
    await setup.t.commit((env) => env.cr.query('UPDATE amazon_account SET refresh_token = $1 WHERE id = $2', [badToken, setup.accountId]));
    const captured: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      captured.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    }));
    const writes = [process.stdout, process.stderr].map((stream) => {
      const original = stream.write.bind(stream);
      const spy = jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        captured.push(String(chunk));
        return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as never);
      return spy;
    });
    let summary;
    try {
      setup.sandbox.control.seedOrders([{ marketplaceId: US, lastUpdateDate: setup.sandbox.control.now() }]);
      setup.sandbox.control.advanceClock(180);
      summary = await syncOrders(ctx(), setup.accountId);
    } finally {
      for (const spy of [...spies, ...writes]) spy.mockRestore();
      await setup.t.commit((env) => env.cr.query('UPDATE amazon_account SET refresh_token = $1 WHERE id = $2', [setup.sandbox.credentials.refreshToken, setup.accountId]));
    }
    expect(summary.state).toBe('failed');
    expect(summary.message).toMatch(/token|grant|authori[sz]|credential/i);
    const stored = await setup.t.rollback(async (env) => JSON.stringify([
      await env.model('amazon.sync.run').search_read([['account_id', '=', setup.accountId]], ['message', 'state']),
      await env.model('amazon.sync.log').search_read([], ['error']),
    ]));
    for (const text of [summary.message, stored, captured.join('\n')]) {
      expect(text).not.toContain(badToken);
      expect(text).not.toContain('REVOKED-SECRET');
      expect(text).not.toContain(clientSecret);
      expect(text).not.toContain(setup.sandbox.credentials.refreshToken);
    }
  });
});
