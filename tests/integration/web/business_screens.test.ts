import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import { Environment } from '../../../addons/base/orm/environment';
import { visibleMenus } from '../../../addons/web/controllers/menus';
import { rootViewId } from '../../../addons/web/views/view_inheritance';
import type { IrActionsActWindow } from '../../../addons/web/models/ir_actions_act_window';

/** The screens of the business addons, as declared in their data files. */
const FILES: Array<[addon: string, path: string]> = [
  ['sale', 'addons/sale/data/sale_views.json'],
  ['stock', 'addons/stock/data/stock_views.json'],
  ['delivery', 'addons/delivery/data/delivery_views.json'],
  ['account', 'addons/account/data/account_views.json'],
  ['account_batch_payment', 'addons/account_batch_payment/data/batch_views.json'],
];

interface DataRecord { id: string; model: string; values: Record<string, any> }
const records: Array<DataRecord & { xmlid: string }> = FILES.flatMap(([addon, path]) =>
  (JSON.parse(readFileSync(join(__dirname, '../../..', path), 'utf8')).records as DataRecord[])
    .map((r) => ({ ...r, xmlid: r.id.includes('.') ? r.id : `${addon}.${r.id}` })));
const actions = records.filter((r) => r.model === 'ir.actions.act_window');
const views = records.filter((r) => r.model === 'ir.ui.view');

type Fields = Record<string, Record<string, any>>;

/** Every field an arch names, as [model, field, where] triples (x2many sub-lists name comodel fields). */
function namedFields(arch: any, model: string, models: Record<string, Fields>, path = ''): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  const add = (name: unknown, where: string) => { if (typeof name === 'string' && name !== '__count') out.push([model, name.split(':')[0], where]); };
  if (Array.isArray(arch)) {
    arch.forEach((node, i) => out.push(...namedFields(node, model, models, `${path}[${i}]`)));
    return out;
  }
  if (!arch || typeof arch !== 'object') return out;
  for (const [key, value] of Object.entries(arch)) {
    if (key === 'field') add(value, path);
    else if (['fields', 'rows', 'cols', 'measures'].includes(key) && Array.isArray(value)) {
      value.forEach((v, i) => (typeof v === 'string' ? add(v, `${path}.${key}[${i}]`) : out.push(...namedFields(v, model, models, `${path}.${key}[${i}]`))));
    } else if (key === 'measure') add(value, `${path}.measure`);
    else if (key === 'default_order' && typeof value === 'string') value.split(',').forEach((part) => add(part.trim().split(/\s+/)[0], `${path}.default_order`));
    else if (key === 'list' && typeof arch.field === 'string') {
      const comodel = models[model]?.[arch.field]?.relation as string | undefined;
      out.push(...namedFields(value, comodel ?? `${model}.${arch.field}?`, models, `${path}.list`));
    } else if (key !== 'domain' && key !== 'filter_domain' && key !== 'invisible' && key !== 'readonly' && key !== 'required' && key !== 'context') {
      out.push(...namedFields(value, model, models, `${path}.${key}`));
    }
  }
  return out;
}

/** The object-method buttons and list actions of an arch. */
function objectMethods(arch: any, acc: string[] = []): string[] {
  if (Array.isArray(arch)) { arch.forEach((n) => objectMethods(n, acc)); return acc; }
  if (!arch || typeof arch !== 'object') return acc;
  if (arch.type === 'object' && typeof (arch.name ?? arch.button) === 'string') acc.push(arch.name ?? arch.button);
  if (Array.isArray(arch.actions)) for (const a of arch.actions) acc.push(a.name);
  for (const [key, value] of Object.entries(arch)) if (key !== 'actions') objectMethods(value, acc);
  return acc;
}

function actionButtons(arch: any, acc: string[] = []): string[] {
  if (Array.isArray(arch)) { arch.forEach((n) => actionButtons(n, acc)); return acc; }
  if (!arch || typeof arch !== 'object') return acc;
  if (arch.type === 'action' && typeof (arch.name ?? arch.button) === 'string') acc.push(arch.name ?? arch.button);
  for (const value of Object.values(arch)) actionButtons(value, acc);
  return acc;
}

for (const engine of engines()) describe(`business screens on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['sale_stock', 'delivery', 'account_batch_payment', 'web'] }); }, 300_000);
  afterAll(() => t?.close());

  const debug = (env: Environment) => new Environment(env.registry, env.cr, env.uid, {}, env.su, true);

  test.each(actions.map((a) => [a.xmlid]))('action %s: every view mode loads its declared view and names only existing fields', (xmlid) => t.rollback(async (env) => {
    const id = await env.refId(xmlid);
    expect(id).toBeTruthy();
    const action = await env.model<IrActionsActWindow>('ir.actions.act_window').browse([id!])._forClient(xmlid) as any;
    // The search view only when the action names one (without it the client builds a default one).
    const requested: Array<[number | false, string]> = [...action.views, ...(action.search_view_id ? [action.search_view_id] : [])];
    const result = await debug(env).model(action.res_model).get_views(requested);
    expect(Object.keys(result.views).sort()).toEqual(requested.map(([, type]) => type).sort());
    const problems: string[] = [];
    for (const [, type] of requested) {
      const view = result.views[type];
      // Each mode must be one of our declared views, not a default one built on the fly.
      if (view.id === false) { problems.push(`${type}: no declared view (default arch used)`); continue; }
      const [raw] = await env.model('ir.ui.view').sudo().browse([view.id as number]).fetch(['arch', 'model', 'type']);
      expect(raw.model).toBe(action.res_model);
      const arch = JSON.parse(raw.arch as string);
      for (const [model, field, where] of namedFields(arch, action.res_model, result.models)) {
        if (!result.models[model]?.[field]) problems.push(`${type} view ${view.id}: unknown field ${model}.${field} at ${where}`);
      }
    }
    expect(problems).toEqual([]);
  }));

  test.each(views.map((v) => [v.xmlid]))('view %s: names only existing fields, its buttons are methods or actions that exist', (xmlid) => t.rollback(async (env) => {
    const id = (await env.refId(xmlid))!;
    const [raw] = await env.model('ir.ui.view').sudo().browse([id]).fetch(['arch', 'model', 'type']);
    const model = raw.model as string;
    const result = await debug(env).model(model).get_views([[id, raw.type as string]]);
    // An extension (inherit_id) is shown as the view it extends, with its patches applied.
    expect(result.views[raw.type as string].id).toBe(await rootViewId(env, id));
    const arch = JSON.parse(raw.arch as string);
    const problems: string[] = [];
    for (const [m, field, where] of namedFields(arch, model, result.models)) {
      if (!result.models[m]?.[field]) problems.push(`unknown field ${m}.${field} at ${where}`);
    }
    const recordset = env.model(model) as unknown as Record<string, unknown>;
    for (const method of objectMethods(arch)) if (typeof recordset[method] !== 'function') problems.push(`${model} has no method ${method}`);
    for (const ref of actionButtons(arch)) if (!(await env.refId(ref))) problems.push(`no action ${ref}`);
    expect(problems).toEqual([]);
  }));

  test('a wrong field name is caught by this check', () => {
    const models = { 'x.model': { name: { type: 'char' }, line_ids: { type: 'one2many', relation: 'x.line' } }, 'x.line': { qty: { type: 'float' } } };
    const arch = { fields: [{ field: 'name' }, { field: 'nmae' }], sheet: [{ field: 'line_ids', list: [{ field: 'qty' }, { field: 'price' }] }] };
    const unknown = namedFields(arch, 'x.model', models).filter(([m, f]) => !(models as any)[m]?.[f]).map(([m, f]) => `${m}.${f}`);
    expect(unknown).toEqual(['x.model.nmae', 'x.line.price']);
  });

  test('load_menus: the admin gets the Sales, Inventory and Accounting apps with their entries', () => t.rollback(async (env) => {
    const menus = await visibleMenus(env) as Record<string, any>;
    const apps = menus.root.children.map((id: number) => menus[id].name);
    expect(apps).toEqual(expect.arrayContaining(['Sales', 'Inventory', 'Accounting']));
    const byXmlid = (xmlid: string) => Object.values(menus).find((m: any) => m.xmlid === xmlid) as any;
    const childNames = (xmlid: string) => byXmlid(xmlid).children.map((id: number) => menus[id].name);
    expect(childNames('sale.sale_menu_root')).toEqual(['Orders', 'Reporting', 'Configuration']);
    expect(childNames('sale.sale_order_menu')).toEqual(['Quotations', 'Sales Orders', 'Customers']);
    expect(childNames('sale.menu_sale_report')).toEqual(['Sales Analysis']);
    expect(childNames('sale.menu_sale_config')).toEqual(['Sales Teams', 'Products']);
    expect(childNames('stock.menu_stock_root')).toEqual(['Operations', 'Products', 'Reporting', 'Configuration']);
    expect(childNames('stock.menu_stock_warehouse_mgmt')).toEqual(['Transfers', 'Deliveries', 'Physical Inventory']);
    expect(childNames('stock.menu_warehouse_report')).toEqual(['Stock', 'Moves History']);
    expect(childNames('stock.menu_stock_config_settings')).toEqual(['Warehouses', 'Locations', 'Reordering Rules']);
    expect(childNames('account.menu_finance')).toEqual(['Customers', 'Vendors', 'Accounting', 'Configuration']);
    expect(childNames('account.menu_finance_receivables')).toEqual(['Invoices', 'Payments', 'Batch Payments']);
    expect(childNames('account.menu_finance_payables')).toEqual(['Bills', 'Payments']);
    expect(childNames('account.menu_finance_entries')).toEqual(['Bank Statement Lines']);
    expect(childNames('account.menu_finance_configuration')).toEqual(['Journals', 'Chart of Accounts', 'Taxes']);
    for (const app of ['sale.sale_menu_root', 'stock.menu_stock_root', 'account.menu_finance']) expect(byXmlid(app).webIcon).toBeTruthy();
  }));

  test('a plain internal user sees none of the business apps', () => t.rollback(async (env) => {
    const user = await env.model('res.users').sudo().create({ name: 'Plain', login: `plain_${Date.now()}`, password: 'x', groups_id: [[6, 0, [await env.refId('base.group_user')]]] });
    const menus = await visibleMenus(env.withUser(user.ids[0])) as Record<string, any>;
    const apps = menus.root.children.map((id: number) => menus[id].name);
    expect(apps).not.toEqual(expect.arrayContaining(['Sales']));
    expect(apps).not.toContain('Inventory');
    expect(apps).not.toContain('Accounting');
  }));

  test('Moves History opens done move lines grouped by product; picking form carries the carrier and Validate', () => t.rollback(async (env) => {
    const history = await env.model<IrActionsActWindow>('ir.actions.act_window').browse([(await env.refId('stock.stock_move_line_action'))!])._forClient('stock.stock_move_line_action') as any;
    expect(history).toMatchObject({ res_model: 'stock.move.line', domain: [['state', '=', 'done']], context: { search_default_done: 1, search_default_by_product: 1 } });
    const picking = await env.model('stock.picking').get_views([[false, 'form']]);
    const text = JSON.stringify(picking.views.form.arch);
    for (const needle of ['"carrier_id"', '"carrier_tracking_ref"', '"button_validate"']) expect(text).toContain(needle);
    const payments = await env.model('account.payment').get_views([[false, 'list']]);
    expect((payments.views.list.arch as any).actions).toEqual(expect.arrayContaining([{ name: 'create_batch_payment', string: 'Create batch payment' }]));
    expect((payments.views.list.arch as any).fields.map((c: any) => c.field)).toContain('batch_payment_id');
    // The carrier fields come from delivery's extension of stock's picking form, not from a copy.
    expect(picking.views.form.id).toBe(await env.refId('stock.view_picking_form'));
  }));
});
