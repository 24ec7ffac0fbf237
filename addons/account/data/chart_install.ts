import type { Environment } from '../../base/orm/environment';
import { setupAllCompanies } from '../services/chart_setup';

/** Loaded at install: gives the companies that already exist their chart of accounts. */
export async function load(env: Environment): Promise<void> {
  await setupAllCompanies(env);
}
