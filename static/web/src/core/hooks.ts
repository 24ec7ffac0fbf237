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

/**
 * A service for a component's class field (`orm = serviceOf<ORM>(this, 'orm')`): OWL sets
 * this.env before field initialisers run, but useEnv() needs the component, which is not yet
 * attached to its node at that point.
 */
export function serviceOf<T = any>(component: { env: unknown }, name: string): T {
  const services = (component.env as { services: Record<string, unknown> }).services;
  if (!(name in services)) throw new Error(`Service ${name} is not available.`);
  return services[name] as T;
}
