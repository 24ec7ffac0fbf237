import { registry } from './registry';
import type { Env } from './env';
import type { Rpc } from './rpc_service';
import type { Domain } from './domain';

type Kwargs = Record<string, unknown>;

/** The orm service: call_kw with the user's context, and Odoo's helper names. */
export class ORM {
  constructor(private readonly rpc: Rpc, private readonly userContext: () => Record<string, unknown>) {}

  call(model: string, method: string, args: unknown[] = [], kwargs: Kwargs = {}): Promise<any> {
    const context = { ...this.userContext(), ...((kwargs.context as Kwargs) ?? {}) };
    return this.rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs: { ...kwargs, context } });
  }
  read(model: string, ids: number[], fields: string[], kwargs: Kwargs = {}) {
    return this.call(model, 'read', [ids, fields], kwargs);
  }
  searchRead(model: string, domain: Domain, fields: string[], kwargs: Kwargs = {}) {
    return this.call(model, 'search_read', [], { ...kwargs, domain, fields });
  }
  searchCount(model: string, domain: Domain, kwargs: Kwargs = {}): Promise<number> {
    return this.call(model, 'search_count', [domain], kwargs);
  }
  create(model: string, records: Kwargs[], kwargs: Kwargs = {}): Promise<number[]> {
    return this.call(model, 'create', [records], kwargs);
  }
  write(model: string, ids: number[], values: Kwargs, kwargs: Kwargs = {}) {
    return this.call(model, 'write', [ids, values], kwargs);
  }
  unlink(model: string, ids: number[], kwargs: Kwargs = {}) {
    return this.call(model, 'unlink', [ids], kwargs);
  }
  readGroup(model: string, domain: Domain, fields: string[], groupby: string[], kwargs: Kwargs = {}): Promise<any[]> {
    return this.call(model, 'read_group', [], { ...kwargs, domain, fields, groupby });
  }
  nameSearch(model: string, name: string, domain: Domain = [], limit = 8): Promise<Array<[number, string]>> {
    return this.call(model, 'name_search', [], { name, args: domain, operator: 'ilike', limit });
  }
}

export const ormService = {
  dependencies: ['rpc', 'user'],
  start(_env: Env, { rpc, user }: { rpc: Rpc; user: { context: Record<string, unknown> } }): ORM {
    return new ORM(rpc, () => user.context);
  },
};

registry.category('services').add('orm', ormService);
