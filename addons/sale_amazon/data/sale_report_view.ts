import type { Environment } from '../../base/orm/environment';

/** The Sales Analysis view gains the Amazon columns: rebuilt at install and upgrade. */
export async function load(env: Environment): Promise<void> {
  await env.model<any>('sale.report').init();
}
