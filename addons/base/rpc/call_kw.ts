import { AccessError, ValidationError } from '../orm/exceptions';
import type { Environment } from '../orm/environment';
import { Model } from '../orm/model';
import { checkModelAccess, type Operation } from '../orm/access';
import { normalizeCommands } from '../orm/write';
import type { ModelMeta } from '../orm/registry';

type Kind = 'model' | 'records';
interface Signature {
  kind: Kind;
  params: string[];
  call(target: any, named: Record<string, any>): Promise<unknown>;
}

const falsy = (value: unknown) => value === false || value === null || value === undefined || value === '' || value === 0;
const opt = (value: unknown) => (falsy(value) ? undefined : value);

/** Odoo 17's ORM method signatures, so positional and keyword calls both work. */
const SIGNATURES: Record<string, Signature> = {
  create: { kind: 'model', params: ['vals_list'], call: (m, a) => {
    const valsList = a.vals_list ?? a.vals;
    for (const vals of Array.isArray(valsList) ? valsList : [valsList]) checkRpcVals(m.env, m._meta, vals, `create on ${m._name}`);
    return m.create(valsList);
  } },
  search: { kind: 'model', params: ['domain', 'offset', 'limit', 'order'], call: (m, a) => m.search(a.domain ?? [], { offset: opt(a.offset), limit: opt(a.limit), order: opt(a.order) }) },
  search_read: {
    kind: 'model', params: ['domain', 'fields', 'offset', 'limit', 'order'],
    call: (m, a) => m.search_read(a.domain ?? [], opt(a.fields), { offset: opt(a.offset), limit: opt(a.limit), order: opt(a.order) }),
  },
  search_count: { kind: 'model', params: ['domain', 'limit'], call: (m, a) => m.search_count(a.domain ?? [], { limit: opt(a.limit) }) },
  name_search: {
    kind: 'model', params: ['name', 'args', 'operator', 'limit'],
    call: (m, a) => m.name_search(a.name ?? '', a.args ?? a.domain ?? [], a.operator ?? 'ilike', a.limit === undefined ? 100 : opt(a.limit) ?? null),
  },
  name_create: { kind: 'model', params: ['name'], call: async (m, a) => {
    const record = await m.create({ [m._meta.recName ?? 'name']: a.name });
    return [record.ids[0], (await record._displayNames()).get(record.ids[0])];
  } },
  fields_get: { kind: 'model', params: ['allfields', 'attributes'], call: (m, a) => m.fields_get(opt(a.allfields), opt(a.attributes)) },
  default_get: { kind: 'model', params: ['fields_list'], call: (m, a) => {
    const names = a.fields_list ?? a.fields ?? [];
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) throw new ValidationError(`default_get on ${m._name} expects a list of field names.`);
    return m.default_get(names);
  } },
  read_group: {
    kind: 'model', params: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'],
    call: (m, a) => m.read_group(a.domain ?? [], a.fields ?? [], a.groupby ?? [], { offset: opt(a.offset), limit: opt(a.limit), orderby: opt(a.orderby), lazy: a.lazy !== false }),
  },
  check_access_rights: {
    kind: 'model', params: ['operation', 'raise_exception'],
    call: (m, a) => {
      if (!['read', 'write', 'create', 'unlink'].includes(a.operation)) throw new ValidationError(`Unknown operation ${JSON.stringify(a.operation)}: use read, write, create or unlink.`);
      return checkModelAccess(m.env, m._name, a.operation as Operation, a.raise_exception !== false);
    },
  },
  read: { kind: 'records', params: ['fields', 'load'], call: (r, a) => r.read(opt(a.fields), { load: a.load }) },
  write: { kind: 'records', params: ['vals'], call: (r, a) => {
    checkRpcVals(r.env, r._meta, a.vals, `write on ${r._name}`);
    return r.write(a.vals);
  } },
  unlink: { kind: 'records', params: [], call: (r) => r.unlink() },
  copy: { kind: 'records', params: ['default'], call: async (r, a) => (await r.copy(opt(a.default) ?? {})).ids[0] },
  exists: { kind: 'records', params: [], call: async (r) => (await r.exists()).ids },
};

/**
 * Values from the network are type-checked before any model code sees them, so an override of
 * create/write (which may read `vals.move_type` as a text) gets the types its fields promise, and a
 * wrong value is a ValidationError naming the field rather than an internal error. Unknown names
 * are left to the ORM (which refuses them); x2many commands are checked down their payloads.
 */
function checkRpcVals(env: Environment, meta: ModelMeta, vals: unknown, what: string, depth = 0): void {
  if (!vals || typeof vals !== 'object' || Array.isArray(vals)) throw new ValidationError(`${what} expects a dictionary of values (or a list of them for create).`);
  if (depth > 8) throw new ValidationError(`${what}: the values are nested too deeply.`);
  for (const [name, value] of Object.entries(vals as Record<string, unknown>)) {
    const field = meta.fields.get(name);
    if (!field) continue;
    if (field.isX2many) {
      if (value === undefined) continue;
      const commands = normalizeCommands(field, value);
      const comodel = field.comodel && env.registry.has(field.comodel) ? env.registry.meta(field.comodel) : null;
      for (const [code, , payload] of commands) {
        if (comodel && (code === 0 || code === 1)) checkRpcVals(env, comodel, payload, `${what}: ${name}`, depth + 1);
      }
    } else if (field.stored) {
      field.toColumn(value);
    }
  }
}

export interface CallKwOptions {
  /** call_button: a falsy or non-dict result becomes false */
  button?: boolean;
}

/**
 * Odoo's `call_kw`: checks the method is public, splits the context out of kwargs, binds
 * record ids for record methods and turns recordsets back into ids.
 */
export async function callKw(env: Environment, model: string, method: string, args: unknown, kwargs: unknown, options: CallKwOptions = {}): Promise<unknown> {
  if (typeof model !== 'string' || typeof method !== 'string') throw new ValidationError('call_kw needs a model name and a method name.');
  if (!Array.isArray(args)) throw new ValidationError(`The arguments of ${model}.${method} must be a list.`);
  if (kwargs !== undefined && kwargs !== null && (typeof kwargs !== 'object' || Array.isArray(kwargs))) {
    throw new ValidationError(`The keyword arguments of ${model}.${method} must be a dictionary.`);
  }
  if (method.startsWith('_') || method === 'init' || method === 'constructor') {
    throw new AccessError(`Private methods (such as ${model}.${method}) cannot be called remotely.`);
  }
  const { context, ...named } = (kwargs ?? {}) as Record<string, any>;
  const scoped = context && typeof context === 'object' ? env.withContext(sanitizeContext(context)) : env;
  const recordset = scoped.model(model);
  const meta = recordset._meta;
  if (!Model.isPublicMethod(meta, method)) {
    const exists = typeof (recordset as any)[method] === 'function';
    throw new AccessError(exists
      ? `The method ${method} of ${model} cannot be called over RPC.`
      : `The method ${JSON.stringify(method)} does not exist on the model ${JSON.stringify(model)}.`);
  }
  const signature = SIGNATURES[method];
  let result: unknown;
  if (signature) {
    const positional = signature.kind === 'records' ? args.slice(1) : args;
    const values: Record<string, any> = {};
    signature.params.forEach((param, index) => {
      if (index < positional.length) values[param] = positional[index];
    });
    Object.assign(values, named);
    const target = signature.kind === 'records' ? recordset.browse(toIds(args[0], model, method)) : recordset;
    result = await signature.call(target, values);
    if (method === 'create' && !Array.isArray(values.vals_list ?? values.vals) && result instanceof Model) return result.ids[0];
  } else if (meta.modelMethods.has(method)) {
    if (typeof (recordset as any)[method] !== 'function') throw new AccessError(`The method ${JSON.stringify(method)} does not exist on the model ${JSON.stringify(model)}.`);
    result = await (recordset as any)[method](...args, ...(Object.keys(named).length ? [named] : []));
  } else {
    if (typeof (recordset as any)[method] !== 'function') throw new AccessError(`The method ${JSON.stringify(method)} does not exist on the model ${JSON.stringify(model)}.`);
    const records = recordset.browse(toIds(args[0], model, method));
    const rest = args.slice(1);
    result = await (records as any)[method](...rest, ...(Object.keys(named).length ? [named] : []));
  }
  const downgraded = downgrade(result);
  if (options.button) return downgraded && typeof downgraded === 'object' && !Array.isArray(downgraded) ? downgraded : false;
  return downgraded;
}

function toIds(value: unknown, model: string, method: string): number[] {
  if (Number.isInteger(value) && (value as number) > 0) return [value as number];
  if (Array.isArray(value) && value.every((v) => Number.isInteger(v) && v > 0)) return value as number[];
  throw new ValidationError(`${model}.${method} is called on records: its first argument must be a record id or a list of ids, got ${JSON.stringify(value)?.slice(0, 60)}.`);
}

/** Recordsets become id lists; undefined becomes null, as Odoo's call_kw returns. */
export function downgrade(value: unknown): unknown {
  if (value instanceof Model) return value.ids;
  if (value === undefined) return null;
  return value;
}

/** The client chooses only harmless context keys; security-relevant state never comes from it. */
function sanitizeContext(context: Record<string, unknown>): Record<string, unknown> {
  const { uid: _uid, su: _su, ...rest } = context;
  return rest;
}

