/**
 * Odoo's precompute: the stored computes flagged `precompute` (sale.order.line amounts, invoicing
 * quantities and fields related to the order; sale.order currency and rate; stock.move reference;
 * stock.move.line fields related to the move) are in the row from its INSERT, and equal what the
 * deferred recompute writes when it computes the same records again from their saved values.
 */
import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';
import type { Cursor } from '../../../addons/base/db/database';
import { queueRecompute } from '../../../addons/base/orm/compute';
import { ident } from '../../../addons/base/orm/sql';
import { lines, makePartner, makeTaxes } from '../sale/sale_factories';
import { ref, setStock, storableProduct } from '../stock/stock_helpers';

const PRECOMPUTED: Record<string, string[]> = {
  'sale.order.line': ['company_id', 'currency_id', 'order_partner_id', 'salesman_id', 'state', 'price_subtotal', 'price_tax', 'price_total',
    'qty_delivered_method', 'qty_invoiced', 'qty_to_invoice', 'invoice_status'],
  'sale.order': ['currency_id', 'currency_rate'],
  'stock.move': ['reference'],
  'stock.move.line': ['state', 'reference', 'is_inventory'],
};

/** The columns as the table holds them, read without flushing (no recompute can run first). */
async function columns(env: Environment, model: string, ids: number[]): Promise<Array<Record<string, unknown>>> {
  const meta = env.registry.meta(model);
  const { rows } = await env.cr.query<Record<string, unknown>>(
    `SELECT id, ${PRECOMPUTED[model].map(ident).join(', ')} FROM ${ident(meta.table)} WHERE id = ANY($1::int[]) ORDER BY id`, [ids], { flush: false });
  return rows;
}

/**
 * The statements run on the cursor while fn runs. The recompute writes only values that differ
 * from the row's, so an UPDATE of a precomputed column means the INSERT did not hold its value.
 */
async function statementsOf(cr: Cursor, fn: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const query = cr.query;
  cr.query = ((sql: string, ...rest: unknown[]) => {
    statements.push(sql.replace(/\s+/g, ' '));
    return (query as (...args: unknown[]) => Promise<unknown>).call(cr, sql, ...rest);
  }) as Cursor['query'];
  try {
    await fn();
  } finally {
    cr.query = query;
  }
  return statements;
}

/** The precomputed columns of a model that these statements update. */
function updatedPrecomputed(statements: string[], model: string, table: string): string[] {
  return statements.filter((sql) => sql.startsWith(`UPDATE "${table}" `))
    .flatMap((sql) => PRECOMPUTED[model].filter((name) => sql.split(' WHERE ')[0].includes(`"${name}" =`)));
}

/** The deferred path: the columns emptied, the fields queued for these records, then the flush computes them. */
async function recomputedByFlush(env: Environment, model: string, ids: number[]): Promise<Array<Record<string, unknown>>> {
  const meta = env.registry.meta(model);
  const names = PRECOMPUTED[model];
  await env.cr.query(`UPDATE ${ident(meta.table)} SET ${names.map((n) => `${ident(n)} = NULL`).join(', ')} WHERE id = ANY($1::int[])`, [ids], { flush: false });
  expect((await columns(env, model, ids)).every((row) => names.every((n) => row[n] === null))).toBe(true);
  queueRecompute(env, model, names, ids);
  await env.flush();
  return columns(env, model, ids);
}

async function jpyPricelist(env: Environment): Promise<number> {
  const jpy = (await env.refId('base.JPY'))!;
  await env.model('res.currency').browse(jpy).write({ active: true });
  return env.model<any>('product.pricelist')._get_or_create_pricelist(jpy);
}

for (const engine of engines()) describe(`precompute on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['sale_stock', 'delivery'] }); }, 120_000);
  afterAll(() => t.close());

  test('orders and lines created in one list: the precomputed columns are in the INSERT (no UPDATE rewrites them), and equal the recompute', () => t.rollback(async (env, cr) => {
    const { included21, excluded10 } = await makeTaxes(env);
    const goods = await storableProduct(env, 'Desk', 'DSK');
    const service = (await env.model('product.product').create({ name: 'Assembly', type: 'service' })).ids[0];
    const partner = await makePartner(env, 'Jane Buyer');
    const pricelist = await jpyPricelist(env);
    let orders: any;
    const statements = await statementsOf(cr, async () => {
      orders = await env.model<any>('sale.order').create([
      { partner_id: partner, order_line: lines(
        { product_id: goods, product_uom_qty: 3, price_unit: 100, tax_id: [[6, 0, [included21]]] },
        { display_type: 'line_section', name: 'Services' },
        { product_id: service, product_uom_qty: 7, price_unit: 19.99, discount: 5, tax_id: [[6, 0, [excluded10]]] }) },
      { partner_id: partner, pricelist_id: pricelist, order_line: lines(
        { product_id: goods, product_uom_qty: 1, price_unit: 1234, tax_id: [[6, 0, [included21, excluded10]]] }) },
      ]);
      await env.flush();
    });
    expect(statements.some((sql) => sql.startsWith('INSERT INTO "sale_order_line"'))).toBe(true);
    expect(updatedPrecomputed(statements, 'sale.order.line', 'sale_order_line')).toEqual([]);
    expect(updatedPrecomputed(statements, 'sale.order', 'sale_order')).toEqual([]);
    // The order totals depend on lines created in the same call: the flush computes them.
    expect(statements.some((sql) => sql.startsWith('UPDATE "sale_order" t SET "amount_untaxed"'))).toBe(true);
    const lineIds = (await env.cr.query<{ id: number }>('SELECT id FROM sale_order_line WHERE order_id = ANY($1::int[]) ORDER BY id', [orders.ids], { flush: false })).rows.map((r) => r.id);
    const inserted = await columns(env, 'sale.order.line', lineIds);
    expect(inserted.map((r) => [Number(r.price_subtotal), Number(r.price_tax), Number(r.price_total), r.qty_delivered_method, r.state])).toEqual([
      [247.93, 52.07, 300, 'stock_move', 'draft'], // 300 / 1.21
      [0, 0, 0, 'manual', 'draft'], // a section
      [132.93, 13.29, 146.22, 'manual', 'draft'], // 19.99 * 0.95 * 7, 10% on top
      [1020, 316, 1336, 'stock_move', 'draft'], // JPY, whole yen: 1234 / 1.21 = 1019.8 -> 1020, 214 included + 102 excluded
    ]);
    expect(inserted.map((r) => r.currency_id)).toEqual([await env.refId('base.USD'), await env.refId('base.USD'), await env.refId('base.USD'), await env.refId('base.JPY')]);
    const company = await env.companyId();
    expect(inserted.every((r) => r.company_id === company)).toBe(true);
    expect(inserted.every((r) => r.order_partner_id === partner)).toBe(true);
    const insertedOrders = await columns(env, 'sale.order', orders.ids);
    expect(insertedOrders.map((r) => r.currency_id)).toEqual([await env.refId('base.USD'), await env.refId('base.JPY')]);
    expect(insertedOrders.every((r) => r.currency_rate !== null)).toBe(true);

    expect(await recomputedByFlush(env, 'sale.order.line', lineIds)).toEqual(inserted);
    expect(await recomputedByFlush(env, 'sale.order', orders.ids)).toEqual(insertedOrders);
    expect((await orders.fetch(['amount_total'])).map((r: any) => r.amount_total)).toEqual([300 + 146.22, 1336]);
  }));

  test('a fetch of stored columns flushes only when a queued recompute could change them, however far', () => t.rollback(async (env, cr) => {
    const goods = await storableProduct(env, 'Lamp', 'LMP');
    const order = await env.model<any>('sale.order').create({ partner_id: await makePartner(env, 'Ann Buyer'), order_line: lines({ product_id: goods, product_uom_qty: 2, price_unit: 40 }) });
    await env.flush();
    const [line] = (await order.fetch(['order_line']))[0].order_line;
    // The line's quantity changes and its amounts are queued; the order's total is queued only once
    // they are computed (a write would flush at its own reads: the column and the queue are set by hand).
    await cr.query('UPDATE sale_order_line SET product_uom_qty = 5 WHERE id = $1', [line], { flush: false });
    queueRecompute(env, 'sale.order.line', ['price_subtotal', 'price_tax', 'price_total'], [line]);
    const plain = await statementsOf(cr, () => order.fetch(['name', 'partner_id', 'state']));
    expect(plain.filter((sql) => sql.startsWith('UPDATE'))).toEqual([]);
    let total: unknown;
    const computed = await statementsOf(cr, async () => { total = (await order.fetchOne(['amount_total'])).amount_total; });
    expect(total).toBe(200);
    expect(computed.some((sql) => sql.startsWith('UPDATE "sale_order_line"'))).toBe(true);
    expect(computed.some((sql) => sql.startsWith('UPDATE "sale_order" t SET "amount_untaxed"'))).toBe(true);
  }));

  test('lines added to a confirmed order, its delivery moves and their move lines: precomputed values equal the recompute', () => t.rollback(async (env, cr) => {
    const goods = await storableProduct(env, 'Chair', 'CHR');
    await setStock(env, goods, await ref(env, 'stock.stock_location_stock'), 20);
    const partner = await makePartner(env, 'Joe Buyer');
    const order = await env.model<any>('sale.order').create({ partner_id: partner, order_line: lines({ product_id: goods, product_uom_qty: 2, price_unit: 40 }) });
    const confirmStatements = await statementsOf(cr, async () => {
      await order.action_confirm();
      await env.flush();
    });
    // The moves and move lines the confirmation creates hold their reference and state from their INSERT.
    expect(confirmStatements.some((sql) => sql.startsWith('INSERT INTO "stock_move_line"'))).toBe(true);
    expect(updatedPrecomputed(confirmStatements, 'stock.move', 'stock_move')).toEqual([]);
    expect(updatedPrecomputed(confirmStatements, 'stock.move.line', 'stock_move_line').filter((name) => name !== 'state')).toEqual([]);
    // Lines of an existing, confirmed order read its state and customer from its row.
    let added: any;
    const addStatements = await statementsOf(cr, async () => {
      added = await env.model('sale.order.line').create([{ order_id: order.ids[0], product_id: goods, product_uom_qty: 1, price_unit: 5 }]);
      await env.flush();
    });
    expect(updatedPrecomputed(addStatements, 'sale.order.line', 'sale_order_line')).toEqual([]);
    const addedRow = (await columns(env, 'sale.order.line', added.ids))[0];
    expect(addedRow).toMatchObject({ state: 'sale', order_partner_id: partner, qty_delivered_method: 'stock_move' });
    expect(await recomputedByFlush(env, 'sale.order.line', added.ids)).toEqual([addedRow]);

    const moveIds = (await env.model('stock.move').search([['sale_line_id.order_id', '=', order.ids[0]]], { order: 'id' })).ids;
    expect(moveIds.length).toBeGreaterThan(0);
    const moves = await columns(env, 'stock.move', moveIds);
    const [picking] = await env.model('stock.picking').search_read([['sale_id', '=', order.ids[0]]], ['name']);
    expect(moves.every((m) => m.reference === picking.name)).toBe(true);
    expect(await recomputedByFlush(env, 'stock.move', moveIds)).toEqual(moves);

    const moveLineIds = (await env.model('stock.move.line').search([['move_id', 'in', moveIds]], { order: 'id' })).ids;
    expect(moveLineIds.length).toBeGreaterThan(0);
    const moveLines = await columns(env, 'stock.move.line', moveLineIds);
    expect(moveLines.every((l) => l.reference === picking.name && l.is_inventory === false)).toBe(true);
    expect(await recomputedByFlush(env, 'stock.move.line', moveLineIds)).toEqual(moveLines);
  }));
});
