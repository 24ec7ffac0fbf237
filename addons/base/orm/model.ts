import { AccessError, MissingError, UserError, ValidationError } from './exceptions';
import type { Environment, Context } from './environment';
import type { Field } from './fields';
import type { ModelMeta } from './registry';
import { andDomains, compileDomain, normalizeDomain, type Domain } from './domain';
import { compileOrder } from './order';
import { SqlParams, ident } from './sql';
import { checkModelAccess, ruleDomain, type Operation } from './access';
import { readRecords } from './read';
import { writeRecords, writeMany, unlinkRecords } from './write';
import { createRecords } from './create';
import { readGroup, type ReadGroupOptions } from './read_group';
import type { Vals } from './values';
import { onchangeRecord, type OnchangeResult } from './onchange';

export interface SearchOptions {
  offset?: number;
  limit?: number | null;
  order?: string | null;
}

/**
 * A recordset of one model, as in Odoo: `env.model('res.partner').browse([1, 2])`.
 * Subclasses declare `_name` and `_fields`; addons extend them with `extend()`.
 */
export class Model {
  static _name: string;
  static _description?: string;
  static _order?: string;
  static _rec_name?: string | null;
  static _table?: string;
  static _parent_name?: string;
  /** false for abstract models: no table */
  static _auto?: boolean;
  static _fields: Record<string, Field> = {};
  static _sql_constraints: Array<[string, string, string]> = [];
  /** methods callable over RPC besides the ORM ones, called on records (ids in args[0]) */
  static _public: string[] = [];
  /** methods callable over RPC on the model itself (Odoo's @api.model): no ids in args[0] */
  static _public_model: string[] = [];
  /** method name -> fields whose change runs the check */
  static _constrains: Record<string, string[]> = {};
  static _meta: ModelMeta;

  constructor(readonly env: Environment, readonly ids: number[]) {}

  get _meta(): ModelMeta {
    return (this.constructor as typeof Model)._meta;
  }
  get _name(): string {
    return this._meta.name;
  }
  get length(): number {
    return this.ids.length;
  }
  get id(): number | false {
    return this.ids.length === 1 ? this.ids[0] : this.ids.length === 0 ? false : this.ensureOne();
  }

  // ------------------------------------------------------------------ recordset helpers

  browse(ids: number | number[] | readonly number[]): this {
    const list = Array.isArray(ids) ? [...ids] : [ids as number];
    return new (this.constructor as any)(this.env, [...new Set(list)]);
  }
  withEnv(env: Environment): this {
    return new (this.constructor as any)(env, this.ids);
  }
  sudo(flag = true): this {
    return this.withEnv(this.env.sudo(flag));
  }
  withContext(context: Context): this {
    return this.withEnv(this.env.withContext(context));
  }
  withUser(uid: number): this {
    return this.withEnv(this.env.withUser(uid));
  }
  *[Symbol.iterator](): Iterator<this> {
    for (const id of this.ids) yield this.browse([id]);
  }
  ensureOne(): number {
    if (this.ids.length !== 1) throw new ValueErrorOne(this._name, this.ids.length);
    return this.ids[0];
  }
  /** The records that still exist (and are readable by rules for the user). */
  async exists(): Promise<this> {
    if (!this.ids.length) return this;
    const { rows } = await this.env.cr.query<{ id: number }>(`SELECT id FROM ${ident(this._meta.table)} WHERE id = ANY($1::int[])`, [this.ids]);
    const found = new Set(rows.map((r) => r.id));
    return this.browse(this.ids.filter((id) => found.has(id)));
  }
  /** Model method name allowed over RPC? ORM methods and declared `_public` methods only. */
  static isPublicMethod(meta: ModelMeta, method: string): boolean {
    return ORM_PUBLIC.has(method) || meta.publicMethods.has(method);
  }

  // ------------------------------------------------------------------ access

  async checkAccess(operation: Operation): Promise<void> {
    await checkModelAccess(this.env, this._name, operation);
    if (this.env.su || !this.ids.length) return;
    const rules = await ruleDomain(this.env, this._name, operation);
    if (!rules.length) return;
    const allowed = await this.sudo()._searchIds(andDomains([['id', 'in', this.ids]], rules), { activeTest: false });
    if (allowed.length !== this.ids.length) {
      const existing = await this.exists();
      if (existing.length !== this.ids.length) throw missing(this._meta, this.ids, existing.ids);
      throw new AccessError(`You are not allowed to ${operation === 'read' ? 'access' : 'modify'} some ${this._meta.description} records (${this._name}): they belong to a company or user you do not have access to.`);
    }
  }

  // ------------------------------------------------------------------ search

  /** Odoo's `_search`: ids matching the domain, with archived records and rules handled. */
  async _searchIds(domain: unknown, options: SearchOptions & { activeTest?: boolean } = {}): Promise<number[]> {
    return (await this._searchRows(domain, options, [])).map((r) => r.id as number);
  }

  /**
   * _searchIds that also returns stored columns of the matching rows (search_read's one query),
   * and for `names` (many2one fields to models named by a plain stored column) the target's
   * display name as `__name_<field>`, joined in the same query.
   */
  async _searchRows(domain: unknown, options: SearchOptions & { activeTest?: boolean }, columns: string[], names: Field[] = []): Promise<Vals[]> {
    const meta = this._meta;
    await this.env.flush(); // the domain, order and columns may involve stored computes still queued
    let normalized = normalizeDomain(domain);
    const activeTest = options.activeTest ?? this.env.context.active_test !== false;
    if (activeTest && meta.fields.has('active') && !mentions(normalized, 'active')) {
      normalized = andDomains(normalized, [['active', '=', true]]);
    }
    if (!this.env.su) normalized = andDomains(normalized, await ruleDomain(this.env, this._name, 'read'));
    const params = new SqlParams();
    const alias = 't0';
    const where = await compileDomain(this.env, meta, normalized, alias, params);
    const order = compileOrder(this.env.registry, meta, options.order, alias);
    const limit = options.limit ? ` LIMIT ${checkInt(options.limit, 'limit')}` : '';
    const offset = options.offset ? ` OFFSET ${checkInt(options.offset, 'offset')}` : '';
    const select = [`${alias}.id`, ...columns.filter((c) => c !== 'id').map((c) => `${alias}.${ident(c)}`)];
    const joins = names.map((field, i) => {
      const comodel = this.env.registry.meta(field.comodel!);
      select.push(`name${i}.${ident(comodel.recName!)} AS ${ident(`__name_${field.name}`)}`);
      return ` LEFT JOIN ${ident(comodel.table)} name${i} ON name${i}.id = ${alias}.${ident(field.name)}`;
    }).join('');
    const { rows } = await this.env.cr.query<Vals>(
      `SELECT ${select.join(', ')} FROM ${ident(meta.table)} ${alias}${joins} WHERE ${where} ORDER BY ${order}${limit}${offset}`, params.values);
    return rows;
  }

  async search(domain: unknown = [], options: SearchOptions = {}): Promise<this> {
    await checkModelAccess(this.env, this._name, 'read');
    return this.browse(await this._searchIds(domain, options));
  }

  async search_count(domain: unknown = [], options: { limit?: number | null } = {}): Promise<number> {
    await checkModelAccess(this.env, this._name, 'read');
    await this.env.flush();
    const meta = this._meta;
    let normalized = normalizeDomain(domain);
    if (this.env.context.active_test !== false && meta.fields.has('active') && !mentions(normalized, 'active')) {
      normalized = andDomains(normalized, [['active', '=', true]]);
    }
    if (!this.env.su) normalized = andDomains(normalized, await ruleDomain(this.env, this._name, 'read'));
    const params = new SqlParams();
    const where = await compileDomain(this.env, meta, normalized, 't0', params);
    const limit = options.limit ? ` LIMIT ${checkInt(options.limit, 'limit')}` : '';
    const { rows } = await this.env.cr.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${ident(meta.table)} t0 WHERE ${where}${limit}) s`, params.values);
    return rows[0].n;
  }

  async search_read(domain: unknown = [], fields?: string[] | null, options: SearchOptions = {}): Promise<Vals[]> {
    // As Odoo's search_read (search_fetch + _read_format): one query finds the records (read rules
    // applied) and fetches their stored columns; they are not checked or selected a second time.
    await checkModelAccess(this.env, this._name, 'read');
    const requested = Array.isArray(fields) && fields.length ? fields : null;
    const columns = [...this._meta.fields.values()]
      .filter((f) => f.stored && (requested ? requested.includes(f.name) : f.type !== 'binary' && !f.options.writeOnly))
      .map((f) => f.name);
    const joinedNames = [...this._meta.fields.values()].filter((f) => columns.includes(f.name) && hasPlainDisplayName(this.env, f));
    const rows = await this._searchRows(domain, options, columns, joinedNames);
    if (!rows.length) return [];
    const records = this.browse(rows.map((r) => r.id as number));
    return readRecords(records, fields ?? null, { m2oFormat: 'pair', checkGroups: !this.env.su, prefetched: rows });
  }

  async name_search(name = '', domain: unknown = [], operator = 'ilike', limit: number | null = 100): Promise<Array<[number, string]>> {
    const meta = this._meta;
    const nameDomain: Domain = name && meta.recName ? [[meta.recName, operator, name]] : [];
    const records = await this.search(andDomains(normalizeDomain(domain), nameDomain), { limit });
    const names = await records._displayNames();
    return records.ids.map((id) => [id, names.get(id) ?? '']);
  }

  // ------------------------------------------------------------------ read

  async read(fields?: string[] | null, options: { load?: string } = {}): Promise<Vals[]> {
    await this.checkAccess('read');
    return readRecords(this, fields ?? null, { m2oFormat: options.load === '' ? 'id' : 'pair', checkGroups: !this.env.su });
  }

  /** Internal read for business code: many2one as id (or false), no field-group checks. */
  async fetch(fields?: string[]): Promise<Vals[]> {
    await checkModelAccess(this.env, this._name, 'read');
    return readRecords(this, fields ?? null, { m2oFormat: 'id', checkGroups: false, includeSecrets: true });
  }

  /** fetch() of a single record. */
  async fetchOne(fields?: string[]): Promise<Vals> {
    this.ensureOne();
    const [row] = await this.fetch(fields);
    if (!row) throw missing(this._meta, this.ids, []);
    return row;
  }

  /** Display names in one query; models override to compose them (partner "Company, Contact"). */
  async _displayNames(): Promise<Map<number, string>> {
    const meta = this._meta;
    const names = new Map<number, string>();
    if (!this.ids.length) return names;
    await this.env.flush();
    if (!meta.recName || !meta.fields.get(meta.recName)?.stored) {
      for (const id of this.ids) names.set(id, `${meta.description},${id}`);
      return names;
    }
    const { rows } = await this.env.cr.query<{ id: number; name: unknown }>(
      `SELECT id, ${ident(meta.recName)} AS name FROM ${ident(meta.table)} WHERE id = ANY($1::int[])`, [this.ids]);
    for (const row of rows) names.set(row.id, row.name === null || row.name === undefined ? '' : String(row.name));
    return names;
  }

  async _compute_display_name(): Promise<Record<number, Vals>> {
    const names = await this._displayNames();
    return Object.fromEntries(this.ids.map((id) => [id, { display_name: names.get(id) ?? '' }]));
  }

  // ------------------------------------------------------------------ write

  async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    if (!list.every((vals) => vals && typeof vals === 'object' && !Array.isArray(vals))) {
      throw new ValidationError(`create on ${this._name} expects a dictionary of values or a list of them.`);
    }
    await checkModelAccess(this.env, this._name, 'create');
    const ids = await createRecords(this, list);
    const created = this.browse(ids);
    await created._checkRulesHold('create');
    return created;
  }

  /**
   * After create or write, the records must still satisfy the user's record rules: nobody may
   * create a record in, or move one to, a company they do not work in. The error rolls back
   * the whole call.
   */
  async _checkRulesHold(operation: 'create' | 'write'): Promise<void> {
    if (this.env.su || !this.ids.length) return;
    const rules = await ruleDomain(this.env, this._name, operation);
    if (!rules.length) return;
    const allowed = await this.sudo()._searchIds(andDomains([['id', 'in', this.ids]], rules), { activeTest: false });
    if (allowed.length !== this.ids.length) {
      throw new AccessError(`You cannot ${operation === 'create' ? 'create' : 'set'} ${this._meta.description} records (${this._name}) for a company or user you do not have access to.`);
    }
  }

  async write(vals: Vals): Promise<true> {
    if (!vals || typeof vals !== 'object' || Array.isArray(vals)) throw new ValidationError(`write on ${this._name} expects a dictionary of values.`);
    if (!this.ids.length) return true;
    await this.checkAccess('write');
    await writeRecords(this, vals);
    await this._checkRulesHold('write');
    return true;
  }

  /**
   * Writes valsList[i] on the i-th record, all in one statement (same fields for every record).
   * The low-level writer (Odoo's `_write_multi`): write() overrides are not called.
   */
  async _write_multi(valsList: Vals[]): Promise<void> {
    if (!this.ids.length) return;
    await this.checkAccess('write');
    await writeMany(this, valsList);
    await this._checkRulesHold('write');
  }

  async unlink(): Promise<true> {
    if (!this.ids.length) return true;
    await this.checkAccess('unlink');
    await unlinkRecords(this);
    return true;
  }

  async copy(defaults: Vals = {}): Promise<this> {
    if (defaults === null || defaults === undefined) defaults = {};
    if (typeof defaults !== 'object' || Array.isArray(defaults)) {
      throw new ValidationError(`copy on ${this._name} expects a dictionary of values to change, got ${JSON.stringify(defaults)?.slice(0, 60)}.`);
    }
    const id = this.ensureOne();
    const meta = this._meta;
    const copyable = [...meta.fields.values()].filter((f) =>
      !['id', 'create_uid', 'create_date', 'write_uid', 'write_date', 'display_name'].includes(f.name)
      && (f.stored || f.type === 'many2many') && !f.computed && f.options.copy !== false);
    // Fields restricted to groups the user lacks are not copied (they keep their default).
    for (let i = copyable.length - 1; i >= 0; i--) {
      const groups = copyable[i].options.groups;
      if (groups && !this.env.su && !(await this.env.hasGroup(groups))) copyable.splice(i, 1);
    }
    const [row] = await this.browse([id]).fetch(copyable.map((f) => f.name));
    const vals: Vals = {};
    for (const field of copyable) {
      const value = row[field.name];
      vals[field.name] = field.type === 'many2many' ? [[6, 0, value]] : value;
    }
    if (meta.recName && typeof vals[meta.recName] === 'string' && !(meta.recName in defaults) && meta.fields.get(meta.recName)?.type === 'char') {
      vals[meta.recName] = `${vals[meta.recName]} (copy)`;
    }
    return this.create({ ...vals, ...defaults });
  }

  // ------------------------------------------------------------------ metadata

  async default_get(fieldsList: string[]): Promise<Vals> {
    if (!Array.isArray(fieldsList) || !fieldsList.every((name) => typeof name === 'string')) {
      throw new ValidationError(`default_get on ${this._name} expects a list of field names, got ${JSON.stringify(fieldsList)?.slice(0, 60)}.`);
    }
    const meta = this._meta;
    const result: Vals = {};
    for (const name of fieldsList) {
      const field = meta.fields.get(name);
      if (!field) continue;
      const fromContext = this.env.context[`default_${name}`];
      if (fromContext !== undefined) result[name] = fromContext;
      else if (field.options.default !== undefined) {
        const value = typeof field.options.default === 'function' ? await (field.options.default as any)(this.env) : field.options.default;
        if (value !== undefined) result[name] = value;
      }
    }
    return result;
  }

  /** Odoo 17's onchange: the computed fields a form's change affects, on a virtual record (see onchange.ts). */
  async onchange(values: unknown, fieldNames: unknown, fieldsSpec: unknown): Promise<OnchangeResult> {
    return onchangeRecord(this, values, fieldNames, fieldsSpec);
  }

  async fields_get(allfields?: string[] | null, attributes?: string[] | null): Promise<Record<string, Vals>> {
    for (const [what, list] of [['allfields', allfields], ['attributes', attributes]] as const) {
      if (list !== undefined && list !== null && (!Array.isArray(list) || !list.every((name) => typeof name === 'string'))) {
        throw new ValidationError(`fields_get on ${this._name}: ${what} must be a list of names, got ${JSON.stringify(list)?.slice(0, 60)}.`);
      }
    }
    const result: Record<string, Vals> = {};
    for (const field of this._meta.fields.values()) {
      if (allfields?.length && !allfields.includes(field.name)) continue;
      if (field.options.groups && !this.env.su && !(await this.env.hasGroup(field.options.groups))) continue;
      const description = field.describe();
      result[field.name] = attributes?.length
        ? Object.fromEntries(Object.entries(description).filter(([key]) => attributes.includes(key)))
        : description;
    }
    return result;
  }

  async read_group(domain: unknown, fields: string[], groupby: string | string[], options: ReadGroupOptions = {}): Promise<Vals[]> {
    await checkModelAccess(this.env, this._name, 'read');
    await this.env.flush();
    return readGroup(this, domain, fields, groupby, options);
  }

  /** Archive / unarchive, as Odoo's buttons on every model with `active`. */
  async action_archive(): Promise<boolean> {
    if (!this._meta.fields.has('active')) throw new UserError(`${this._meta.description} records cannot be archived.`);
    await this.write({ active: false });
    return true;
  }
  async action_unarchive(): Promise<boolean> {
    if (!this._meta.fields.has('active')) throw new UserError(`${this._meta.description} records cannot be archived.`);
    await this.write({ active: true });
    return true;
  }

  /** Posts a note on each record's message log (shown on its form). */
  async message_post(body: string, options: { messageType?: 'comment' | 'notification'; subject?: string } = {}): Promise<number[]> {
    if (!this.ids.length) return [];
    const { rows } = await this.env.cr.query<{ partner_id: number | null }>('SELECT partner_id FROM res_users WHERE id = $1', [this.env.uid]);
    const messages = await this.env.model('mail.message').sudo().create(this.ids.map((id) => ({
      model: this._name,
      res_id: id,
      body,
      subject: options.subject ?? false,
      message_type: options.messageType ?? 'comment',
      author_id: rows[0]?.partner_id ?? false,
    })));
    return messages.ids;
  }
}

/** Type of a model seen from an extension: methods of other addons are known only at run time. */
export abstract class AnyModel extends Model {
  [key: string]: any;
}

/** The ORM methods every model exposes over RPC (as Odoo's @api.model / record methods). */
export const ORM_PUBLIC = new Set([
  'create', 'read', 'write', 'unlink', 'search', 'search_read', 'search_count', 'read_group', 'name_search',
  'fields_get', 'default_get', 'copy', 'action_archive', 'action_unarchive', 'get_views', 'web_search_read',
  'web_read', 'name_create', 'exists', 'check_access_rights', 'onchange',
]);

class ValueErrorOne extends UserError {
  constructor(model: string, count: number) {
    super(`Expected a single ${model} record, got ${count}.`);
  }
}

export function missing(meta: ModelMeta, requested: number[], found: number[]): MissingError {
  const gone = requested.filter((id) => !found.includes(id));
  return new MissingError(`Record does not exist or has been deleted.\n(Record: ${meta.name}(${gone.join(', ')}))`);
}

/**
 * A many2one whose target shows its plain stored rec_name as display name (no override of
 * _displayNames): search_read joins that name into its query instead of reading it after.
 * Display names of many2one values are read as superuser anyway (as Odoo), so the join
 * shows exactly what the separate read would.
 */
function hasPlainDisplayName(env: Environment, field: Field): boolean {
  if (field.type !== 'many2one' || !field.stored || !field.comodel) return false;
  const comodel = env.registry.models.get(field.comodel);
  if (!comodel || comodel.abstract || !comodel.recName || !comodel.fields.get(comodel.recName)?.stored) return false;
  return (comodel.cls.prototype as Model)._displayNames === Model.prototype._displayNames;
}

function mentions(domain: Domain, fname: string): boolean {
  return domain.some((term) => Array.isArray(term) && (term[0] === fname || term[0].startsWith(`${fname}.`)));
}

function checkInt(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw new ValidationError(`Invalid ${name} ${JSON.stringify(value)}: expected a positive integer.`);
  return value as number;
}
