import { EventBus } from '@odoo/owl';
import { registry } from './registry';

export interface Service<T = unknown> {
  dependencies?: string[];
  start(env: Env, deps: Record<string, any>): T | Promise<T>;
}

export interface Env {
  bus: EventBus;
  services: Record<string, any>;
  /** developer mode: '' when off, as Odoo's env.debug */
  debug: string;
  /** injectable in tests; defaults to window.fetch */
  fetch?: typeof fetch;
  [key: string]: unknown;
}

export function makeEnv(debug = ''): Env {
  return { bus: new EventBus(), services: {}, debug };
}

/** Starts every registered service once its dependencies are started, as Odoo's startServices. */
export async function startServices(env: Env, services = registry.category<Service>('services')): Promise<void> {
  const pending = new Map(services.getEntries());
  while (pending.size) {
    const ready = [...pending].filter(([, service]) => (service.dependencies ?? []).every((dep) => dep in env.services));
    if (!ready.length) throw new Error(`Services with missing or circular dependencies: ${[...pending.keys()].join(', ')}.`);
    for (const [name, service] of ready) {
      const deps = Object.fromEntries((service.dependencies ?? []).map((dep) => [dep, env.services[dep]]));
      env.services[name] = await service.start(env, deps);
      pending.delete(name);
    }
  }
}
