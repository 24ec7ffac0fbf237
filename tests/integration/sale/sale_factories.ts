import type { Environment } from '../../../addons/base/orm/environment';
import type { Vals } from '../../../addons/base/orm/values';

/** Small builders shared by the sale suites (not a test file). */
export async function makeTaxes(env: Environment): Promise<{ included21: number; excluded10: number }> {
  const [company] = await env.model('res.company').browse([await env.companyId()]).fetch(['account_sale_tax_id']);
  const [defaultTax] = await env.model('account.tax').browse([company.account_sale_tax_id]).fetch(['account_id']);
  const taxes = env.model('account.tax');
  const included = await taxes.create({ name: 'VAT 21% incl.', amount: 21, price_include: true, sequence: 1, account_id: defaultTax.account_id });
  const excluded = await taxes.create({ name: 'Levy 10%', amount: 10, price_include: false, sequence: 2, account_id: defaultTax.account_id });
  return { included21: included.ids[0], excluded10: excluded.ids[0] };
}

export async function makeProduct(env: Environment, name: string, vals: Vals = {}): Promise<number> {
  const product = await env.model('product.product').create({ name, list_price: 10, ...vals });
  return product.ids[0];
}

export async function makePartner(env: Environment, name: string, vals: Vals = {}): Promise<number> {
  return (await env.model('res.partner').create({ name, ...vals })).ids[0];
}

/** Order lines as (0, 0, vals) commands. */
export function lines(...vals: Vals[]): Array<[number, number, Vals]> {
  return vals.map((v) => [0, 0, v]);
}

export async function makeUser(env: Environment, login: string, groups: string[]): Promise<number> {
  const groupIds: number[] = [];
  for (const xmlid of groups) groupIds.push((await env.refId(xmlid))!);
  const company = (await env.refId('base.main_company'))!;
  const user = await env.model('res.users').sudo().create({
    name: login, login, company_id: company, company_ids: [[6, 0, [company]]], groups_id: [[6, 0, groupIds]],
  });
  return user.ids[0];
}

export async function count(env: Environment, model: string): Promise<number> {
  return env.model(model).sudo().withContext({ active_test: false }).search_count([]);
}

/**
 * Replaces a model method for one test, the way another addon's override would, and returns
 * the function restoring it. `impl` receives the method it replaces (its "super").
 */
export function patchMethod(proto: any, name: string, impl: (original: (...args: any[]) => any) => (...args: any[]) => any): () => void {
  const hadOwn = Object.prototype.hasOwnProperty.call(proto, name);
  const original = proto[name];
  proto[name] = impl(original);
  return () => {
    if (hadOwn) proto[name] = original;
    else delete proto[name];
  };
}
