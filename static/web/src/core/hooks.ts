import { useEnv } from '@odoo/owl';

/** A service of the env, as Odoo's useService("orm"). */
export function useService<T = any>(name: string): T {
  const env = useEnv() as { services: Record<string, unknown> };
  if (!(name in env.services)) throw new Error(`Service ${name} is not available.`);
  return env.services[name] as T;
}

/** Errors already shown by the rpc service are not errors for the caller's UI code. */
export function ignoreShown(error: unknown): void {
  if (error && typeof error === 'object' && (error as { notified?: boolean }).notified) return;
  throw error;
}
