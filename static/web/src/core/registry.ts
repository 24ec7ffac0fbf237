import { EventBus } from '@odoo/owl';

/**
 * Odoo's registry: ordered key/value entries by sequence, with sub-registries ("categories")
 * that addons fill before the client starts (services, fields, views, actions, main_components).
 */
export class Registry<T = any> extends EventBus {
  private readonly entries = new Map<string, { value: T; sequence: number }>();
  private readonly categories = new Map<string, Registry>();

  add(key: string, value: T, options: { force?: boolean; sequence?: number } = {}): this {
    if (this.entries.has(key) && !options.force) throw new Error(`Cannot add key "${key}" in registry: it already exists.`);
    this.entries.set(key, { value, sequence: options.sequence ?? 50 });
    this.trigger('UPDATE', { operation: 'add', key, value });
    return this;
  }

  get(key: string, fallback?: T): T {
    const entry = this.entries.get(key);
    if (entry) return entry.value;
    if (arguments.length > 1) return fallback as T;
    throw new Error(`Cannot find key "${key}" in registry.`);
  }

  contains(key: string): boolean {
    return this.entries.has(key);
  }

  remove(key: string): void {
    this.entries.delete(key);
    this.trigger('UPDATE', { operation: 'delete', key });
  }

  getEntries(): Array<[string, T]> {
    return [...this.entries.entries()].sort((a, b) => a[1].sequence - b[1].sequence).map(([key, entry]) => [key, entry.value]);
  }

  getAll(): T[] {
    return this.getEntries().map(([, value]) => value);
  }

  category<C = any>(name: string): Registry<C> {
    if (!this.categories.has(name)) this.categories.set(name, new Registry());
    return this.categories.get(name)! as Registry<C>;
  }
}

export const registry = new Registry();
