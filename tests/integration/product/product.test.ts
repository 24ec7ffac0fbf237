import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';

for (const engine of engines()) describe(`product on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['product'] }); }, 120_000);
  afterAll(() => t.close());

  const ref = (env: Environment, xmlid: string) => env.refId(xmlid);

  test('a template gets one variant holding its SKU and barcode', () => t.rollback(async (env) => {
    const template = await env.model('product.template').create({ name: 'Desk Lamp', default_code: 'LAMP-1', barcode: '4006381333931', list_price: 25, is_storable: true });
    const [row] = await template.fetch(['default_code', 'barcode', 'product_variant_id', 'product_variant_count', 'uom_id', 'categ_id', 'type']);
    expect(row).toMatchObject({ default_code: 'LAMP-1', barcode: '4006381333931', product_variant_count: 1, type: 'consu' });
    expect(row.uom_id).toBe(await ref(env, 'uom.product_uom_unit'));
    expect(row.categ_id).toBe(await ref(env, 'product.product_category_all'));
    const [variant] = await env.model('product.product').browse([row.product_variant_id]).read(['name', 'default_code', 'list_price', 'is_storable', 'product_tmpl_id', 'display_name']);
    expect(variant).toMatchObject({ name: 'Desk Lamp', default_code: 'LAMP-1', list_price: 25, is_storable: true, display_name: '[LAMP-1] Desk Lamp' });
    expect(variant.product_tmpl_id[0]).toBe(template.ids[0]);
    expect((await env.model('product.template').search([['default_code', '=', 'LAMP-1']])).ids).toEqual(template.ids);
  }));

  test('creating a product.product with template values creates its template', () => t.rollback(async (env) => {
    const product = await env.model('product.product').create({ name: 'Cable', default_code: 'CBL', list_price: 3.5, sale_ok: true });
    const [row] = await product.fetch(['product_tmpl_id', 'name', 'list_price']);
    expect(row).toMatchObject({ name: 'Cable', list_price: 3.5 });
    const templates = await env.model('product.template').search([['id', '=', row.product_tmpl_id]]);
    expect(templates.length).toBe(1);
    expect((await env.model('product.product').search([['product_tmpl_id', '=', row.product_tmpl_id]])).ids).toEqual(product.ids);
    // writing a template field on the variant writes the template
    await product.write({ list_price: 4, default_code: 'CBL-2' });
    expect((await templates.fetchOne(['list_price', 'default_code']))).toMatchObject({ list_price: 4, default_code: 'CBL-2' });
    expect((await env.model('product.product').name_search('CBL-2')).map(([id]) => id)).toEqual(product.ids);
  }));

  test('a service cannot track inventory and nothing is written', () => t.rollback(async (env, cr) => {
    // the savepoint plays the part of the RPC call's transaction
    await expect(cr.savepoint(() => env.model('product.product').create({ name: 'Installation', type: 'service', is_storable: true })))
      .rejects.toThrow(/service, so it cannot track inventory/);
    expect(await env.model('product.template').sudo().search_count([['name', '=', 'Installation']])).toBe(0);
  }));

  test('duplicate barcodes are refused by the database', () => t.rollback(async (env, cr) => {
    await env.model('product.product').create({ name: 'A', barcode: '123' });
    await expect(cr.savepoint(() => env.model('product.product').create({ name: 'B', barcode: '123' }))).rejects.toThrow(/barcode is already used/);
  }));

  test('units convert within their category only', () => t.rollback(async (env) => {
    const dozen = env.model('uom.uom').browse([(await ref(env, 'uom.product_uom_dozen'))!]) as any;
    expect(await dozen._compute_quantity(2, (await ref(env, 'uom.product_uom_unit'))!)).toBe(24);
    await expect(dozen._compute_quantity(1, (await ref(env, 'uom.product_uom_kgm'))!)).rejects.toThrow(/different categories/);
  }));

  test('archiving a template archives its variant; deleting the variant deletes the template', () => t.rollback(async (env) => {
    const template = await env.model('product.template').create({ name: 'Mug' });
    const variantId = (await template.fetchOne(['product_variant_id'])).product_variant_id;
    await template.write({ active: false });
    expect(await env.model('product.product').search_count([['id', '=', variantId]])).toBe(0);
    await env.model('product.product').browse([variantId]).unlink();
    expect((await template.exists()).length).toBe(0);
  }));
});
