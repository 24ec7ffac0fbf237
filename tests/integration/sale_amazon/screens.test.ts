/**
 * The connector's screens: its own views and actions, and the Amazon fields and buttons its
 * extensions add to the sales order and delivery screens; menus under Sales and Inventory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Environment } from '../../../addons/base/orm/environment';
import { visibleMenus } from '../../../addons/web/controllers/menus';
import type { IrActionsActWindow } from '../../../addons/web/models/ir_actions_act_window';
import { engines } from '../../support/db';
import { amazonDatabase, importOrder, US, type AmazonTestSetup } from './helpers';

interface DataRecord { id: string; model: string; values: Record<string, any> }
const records = (JSON.parse(readFileSync(join(__dirname, '../../../addons/sale_amazon/data/amazon_views.json'), 'utf8')).records as DataRecord[]);
const views = records.filter((r) => r.model === 'ir.ui.view').map((r) => `sale_amazon.${r.id}`);
const actions = records.filter((r) => r.model === 'ir.actions.act_window').map((r) => `sale_amazon.${r.id}`);

type Fields = Record<string, Record<string, any>>;

/** Every [model, field] an arch names: columns, form fields, sub-lists (on the comodel), search fields, group-bys. */
function namedFields(arch: any, model: string, models: Record<string, Fields>): Array<[string, string]> {
  if (Array.isArray(arch)) return arch.flatMap((node) => (typeof node === 'string' ? [[model, node] as [string, string]] : namedFields(node, model, models)));
  if (!arch || typeof arch !== 'object') return [];
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(arch)) {
    if (key === 'field' && typeof value === 'string') out.push([model, value.split(':')[0]]);
    else if (key === 'list' && typeof arch.field === 'string') out.push(...namedFields(value, models[model]?.[arch.field]?.relation ?? `${model}.${arch.field}?`, models));
    else if (!['domain', 'filter_domain', 'invisible', 'readonly', 'required', 'context', 'while'].includes(key)) out.push(...namedFields(value, model, models));
  }
  return out;
}

/** Object buttons and list actions. */
function objectMethods(arch: any, acc: string[] = []): string[] {
  if (Array.isArray(arch)) { arch.forEach((n) => objectMethods(n, acc)); return acc; }
  if (!arch || typeof arch !== 'object') return acc;
  if (arch.type === 'object' && typeof (arch.name ?? arch.button) === 'string') acc.push(arch.name ?? arch.button);
  if (Array.isArray(arch.actions)) for (const a of arch.actions) acc.push(a.name);
  for (const [key, value] of Object.entries(arch)) if (key !== 'actions') objectMethods(value, acc);
  return acc;
}

for (const engine of engines()) describe(`sale_amazon screens on ${engine}`, () => {
  let setup: AmazonTestSetup;
  beforeAll(async () => { setup = await amazonDatabase(engine); });
  afterAll(() => setup?.close());
  const debug = (env: Environment) => new Environment(env.registry, env.cr, env.uid, {}, env.su, true);

  test('the check catches a wrong field name', () => {
    const models = { 'x.model': { name: { type: 'char' }, line_ids: { type: 'one2many', relation: 'x.line' } }, 'x.line': { qty: { type: 'float' } } };
    const arch = { patches: [{ after: { field: 'name' }, insert: [{ field: 'nmae' }, { field: 'line_ids', list: [{ field: 'qty' }, { field: 'price' }] }] }] };
    const unknown = namedFields(arch, 'x.model', models).filter(([m, f]) => !(models as any)[m]?.[f]).map(([m, f]) => `${m}.${f}`);
    expect(unknown).toEqual(['x.model.nmae', 'x.line.price']);
  });

  test.each(views.map((v) => [v]))('view %s: loads through get_views and names only fields and methods that exist', (xmlid) => setup.t.rollback(async (env) => {
    const id = await env.refId(xmlid);
    expect(id).toBeTruthy();
    const [raw] = await env.model('ir.ui.view').sudo().browse([id!]).fetch(['arch', 'model', 'type']);
    const result = await debug(env).model(raw.model).get_views([[id, raw.type]]);
    expect(result.views[raw.type]).toBeDefined();
    const arch = JSON.parse(raw.arch as string);
    const problems: string[] = [];
    for (const [m, f] of namedFields(arch, raw.model, result.models)) if (!result.models[m]?.[f]) problems.push(`unknown field ${m}.${f}`);
    const recordset = env.model(raw.model) as unknown as Record<string, unknown>;
    for (const method of objectMethods(arch)) if (typeof recordset[method] !== 'function') problems.push(`${raw.model} has no method ${method}`);
    expect(problems).toEqual([]);
  }));

  test.each(actions.map((a) => [a]))('action %s: every view mode loads', (xmlid) => setup.t.rollback(async (env) => {
    const id = (await env.refId(xmlid))!;
    const action = await env.model<IrActionsActWindow>('ir.actions.act_window').browse([id])._forClient(xmlid) as any;
    const result = await debug(env).model(action.res_model).get_views(action.views);
    expect(Object.keys(result.views).sort()).toEqual(action.views.map(([, type]: [unknown, string]) => type).sort());
  }));

  test('sales order form and list show the Amazon reference and channel badge; search filters Amazon orders', async () => {
    const { saleOrderId, order } = await importOrder(setup, { marketplaceId: US, channel: 'FBM', status: 'Unshipped', buyer: { name: 'Vic View', email: 'vic@marketplace.amazon.com' },
      items: [{ sku: 'VIEW-1', quantityOrdered: 1, itemPrice: 10, itemTax: 0.8 }] });
    await setup.t.rollback(async (env) => {
      const result: any = await env.model('sale.order').get_views([[false, 'form'], [false, 'list'], [false, 'search']]);
      const form = JSON.stringify(result.views.form.arch);
      expect(form).toContain('{"field":"amazon_channel","widget":"badge","nolabel":true,"invisible":[["amazon_channel","=",false]]}');
      for (const name of ['amazon_order_ref', 'amazon_account_id', 'amazon_marketplace_id']) expect(form).toContain(`"field":"${name}"`);
      const columns = result.views.list.arch.fields.map((c: any) => c.field);
      expect(columns.slice(0, 3)).toEqual(['name', 'amazon_order_ref', 'amazon_channel']);
      const filter = result.views.search.arch.filters.find((f: any) => f.name === 'amazon');
      expect(await env.model('sale.order').search_read(filter.domain, ['id'])).toEqual(expect.arrayContaining([{ id: saleOrderId }]));
      expect(result.views.search.arch.groupby.map((g: any) => g.field)).toEqual(expect.arrayContaining(['amazon_account_id', 'amazon_marketplace_id']));
      const [row] = await env.model('sale.order').browse([saleOrderId]).read(['amazon_order_ref', 'amazon_channel']);
      expect(row).toMatchObject({ amazon_order_ref: order.ref, amazon_channel: 'fbm' });
    });
  });

  test('delivery form and list show the Amazon sync status with a Retry button', () => setup.t.rollback(async (env) => {
    const result: any = await env.model('stock.picking').get_views([[false, 'form'], [false, 'list']]);
    const form = result.views.form.arch;
    expect(JSON.stringify(form.sheet)).toContain('{"field":"amazon_sync_status","widget":"badge","invisible":[["amazon_sync_status","=",false]]}');
    expect(JSON.stringify(form.sheet)).toContain('"field":"amazon_sync_error"');
    expect(form.header.buttons.find((b: any) => b.name === 'action_retry_amazon_sync')).toMatchObject({ type: 'object', invisible: [['amazon_sync_status', 'not in', ['error', 'processing', 'unknown']]] });
    // The carrier fields of the delivery addon are still there next to ours.
    expect(JSON.stringify(form.sheet)).toContain('"field":"carrier_tracking_ref"');
    const list = result.views.list.arch;
    expect(list.fields.map((c: any) => c.field)).toContain('amazon_sync_status');
    expect(list.actions.map((a: any) => a.name)).toContain('action_retry_amazon_sync');
  }));

  test('the account form\'s Sync Log lists are read-only and the error count has a label', () => setup.t.rollback(async (env) => {
    const form: any = (await debug(env).model('amazon.account').get_views([[false, 'form']])).views.form.arch;
    const find = (nodes: any, name: string): any => {
      if (Array.isArray(nodes)) { for (const n of nodes) { const hit = find(n, name); if (hit) return hit; } return undefined; }
      if (!nodes || typeof nodes !== 'object') return undefined;
      if (nodes.field === name) return nodes;
      for (const value of Object.values(nodes)) { const hit = find(value, name); if (hit) return hit; }
      return undefined;
    };
    // the client shows no Add a line and no delete on a readonly one2many
    expect(find(form.sheet, 'sync_log_ids').readonly).toBe(true);
    expect(find(form.sheet, 'sync_run_ids').readonly).toBe(true);
    expect(find(form.sheet, 'sync_error_count').string).toBe('Orders to Retry');
    // shown with its label: inside a group (a bare field outside a group is shown without one)
    const page = form.sheet.find((n: any) => n.notebook).notebook.find((p: any) => p.page === 'Sync Log');
    expect(page.children.find((n: any) => n.group && find(n.group, 'sync_error_count'))).toBeDefined();
  }));

  test('the account form follows a running sync; menus: Sales > Configuration > Amazon Accounts, Sales > Orders > Amazon Orders, Inventory > Operations > Amazon Deliveries', () => setup.t.rollback(async (env) => {
    const form: any = (await debug(env).model('amazon.account').get_views([[false, 'form']])).views.form.arch;
    expect(form.poll).toEqual({ seconds: 2, while: [['sync_running', '=', true]] });
    expect(JSON.stringify(form.sheet)).toContain('{"field":"sync_running","invisible":true}');
    const menus = await visibleMenus(env) as Record<string, any>;
    const byXmlid = (xmlid: string) => Object.values(menus).find((m: any) => m.xmlid === xmlid) as any;
    const childNames = (xmlid: string) => byXmlid(xmlid).children.map((id: number) => menus[id].name);
    expect(childNames('sale.menu_sale_config')).toEqual(expect.arrayContaining(['Amazon Accounts', 'Amazon Marketplaces', 'Amazon Offers']));
    expect(childNames('sale.sale_order_menu')).toContain('Amazon Orders');
    expect(childNames('stock.menu_stock_warehouse_mgmt')).toContain('Amazon Deliveries');
    expect(JSON.stringify(childNames('web.menu_administration'))).not.toContain('Amazon');
  }));
});
