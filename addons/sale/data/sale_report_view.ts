import type { Environment } from '../../base/orm/environment';

/** Builds the Sales Analysis view at install and at every upgrade (its columns may have changed). */
export async function load(env: Environment): Promise<void> {
  await env.model<any>('sale.report').init();
}
