import { ValidationError } from './exceptions';
import type { Environment } from './environment';

export type FieldType =
  | 'char' | 'text' | 'html' | 'integer' | 'float' | 'monetary' | 'boolean' | 'date' | 'datetime'
  | 'selection' | 'many2one' | 'one2many' | 'many2many' | 'binary';

export type DefaultValue = string | number | boolean | null | unknown[] | Record<string, unknown> | ((env: Environment) => unknown);

export interface FieldOptions {
  string?: string;
  help?: string;
  required?: boolean;
  readonly?: boolean;
  index?: boolean;
  default?: DefaultValue;
  /** Name of the model method computing this field (and possibly others). */
  compute?: string;
  /** Dotted paths whose change triggers the recompute of a stored computed field. */
  depends?: string[];
  /**
   * Odoo's precompute: a stored computed (or related) field computed on the new records before
   * their INSERT, from their create values, instead of by an UPDATE after it. Only where every
   * dependency is known before the INSERT (see precompute.ts); a compute method of such a field
   * must read the record through fetch(), not by SQL on its ids.
   */
  precompute?: boolean;
  /** Computed fields are not stored unless asked; plain fields always are. */
  store?: boolean;
  /** Dotted path read through relations, e.g. 'partner_id.country_id'. */
  related?: string;
  /** Comma-separated group external ids; only their members may read or write the field. */
  groups?: string;
  /** Secret: accepted on write, never returned by read, never logged. */
  writeOnly?: boolean;
  copy?: boolean;
  /** Make it searchable when computed and not stored: name of a method returning a domain. */
  search?: string;
}

export interface RelationalOptions extends FieldOptions {
  domain?: unknown[];
  /** many2one: what happens to this record when the target is deleted. */
  ondelete?: 'set null' | 'cascade' | 'restrict';
  /** many2many table and its columns; derived from both model names when omitted. */
  relation?: string;
  column1?: string;
  column2?: string;
  /** one2many: the many2one on the comodel pointing back here. */
  inverse?: string;
  /** The context given to the comodel in forms (kept for fields_get). */
  context?: Record<string, unknown>;
}

export type SelectionList = Array<[string, string]>;

/** A field definition; the registry clones it per model with its name set. */
export class Field {
  name = '';
  modelName = '';

  constructor(
    readonly type: FieldType,
    readonly options: FieldOptions & RelationalOptions & {
      selection?: SelectionList;
      comodel?: string;
      digits?: [number, number];
      currencyField?: string;
      size?: number;
    } = {},
  ) {}

  bind(name: string, modelName: string): Field {
    const copy = Object.create(Field.prototype) as Field;
    Object.assign(copy, this, { name, modelName, options: { ...this.options } });
    return copy;
  }

  get string(): string {
    return this.options.string ?? humanize(this.name);
  }
  get comodel(): string | undefined {
    return this.options.comodel;
  }
  get computed(): boolean {
    return Boolean(this.options.compute || this.options.related);
  }
  /** True when the value lives in a column of the model's table. */
  get stored(): boolean {
    if (this.type === 'one2many' || this.type === 'many2many') return false;
    if (this.computed) return Boolean(this.options.store);
    return this.options.store !== false;
  }
  get isRelational(): boolean {
    return this.type === 'many2one' || this.type === 'one2many' || this.type === 'many2many';
  }
  get isX2many(): boolean {
    return this.type === 'one2many' || this.type === 'many2many';
  }
  get readonly(): boolean {
    return Boolean(this.options.readonly ?? (this.computed && !this.options.store ? true : this.computed));
  }

  /** The SQL column type, or null when nothing is stored in the model's table. */
  columnType(): string | null {
    if (!this.stored) return null;
    switch (this.type) {
      case 'char': return this.options.size ? `varchar(${this.options.size})` : 'varchar';
      case 'text': case 'html': case 'selection': case 'binary': return 'text';
      case 'integer': case 'many2one': return 'integer';
      case 'float': return 'double precision';
      case 'monetary': return 'numeric';
      case 'boolean': return 'boolean';
      case 'date': return 'date';
      case 'datetime': return 'timestamp(0) without time zone';
      default: return null;
    }
  }

  /** Validates and converts an RPC/ORM value to what the column stores. */
  toColumn(value: unknown): unknown {
    if (value === false || value === null || value === undefined || (value === '' && this.type !== 'char' && this.type !== 'text' && this.type !== 'html')) {
      return this.type === 'boolean' ? false : null;
    }
    switch (this.type) {
      case 'char': case 'text': case 'html':
        if (typeof value !== 'string' && typeof value !== 'number') this.invalid(value, 'a text');
        return String(value);
      case 'binary':
        if (typeof value !== 'string') this.invalid(value, 'a base64 string');
        return value;
      case 'integer':
        if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
        if (typeof value !== 'number' || !Number.isInteger(value)) this.invalid(value, 'an integer');
        if (Math.abs(value as number) > 2147483647) this.invalid(value, 'an integer within 32 bits');
        return value;
      case 'float': case 'monetary': {
        const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (typeof number !== 'number' || !Number.isFinite(number)) this.invalid(value, 'a number');
        return number;
      }
      case 'boolean':
        if (typeof value !== 'boolean') this.invalid(value, 'true or false');
        return value;
      case 'date':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) this.invalid(value, 'a date YYYY-MM-DD');
        return value;
      case 'datetime': {
        if (typeof value !== 'string') this.invalid(value, 'a datetime YYYY-MM-DD HH:MM:SS (UTC)');
        const normalised = normaliseDatetime(value as string);
        if (!normalised) this.invalid(value, 'a datetime YYYY-MM-DD HH:MM:SS (UTC)');
        return normalised;
      }
      case 'selection': {
        const allowed = (this.options.selection ?? []).map(([key]) => key);
        if (typeof value !== 'string' || !allowed.includes(value)) this.invalid(value, `one of ${allowed.join(', ')}`);
        return value;
      }
      case 'many2one':
        if (Array.isArray(value) && Number.isInteger(value[0])) return value[0];
        if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) this.invalid(value, `a record id of ${this.comodel}`);
        return value;
      default:
        return value;
    }
  }

  /** A method rather than a closure in toColumn: that runs for every value of every row written. */
  private invalid(value: unknown, expected: string): never {
    throw new ValidationError(`Wrong value for ${this.modelName}.${this.name}: expected ${expected}, got ${JSON.stringify(value)?.slice(0, 80)}.`, [this.name]);
  }

  /** fields_get description, in Odoo's keys. */
  describe(): Record<string, unknown> {
    const description: Record<string, unknown> = {
      type: this.type,
      string: this.string,
      help: this.options.help ?? false,
      required: Boolean(this.options.required),
      readonly: this.readonly,
      store: this.stored,
      sortable: this.stored,
      searchable: this.stored || Boolean(this.options.search) || Boolean(this.options.related),
      groupable: this.stored && !['text', 'html', 'binary'].includes(this.type),
      name: this.name,
    };
    if (this.options.related) description.related = this.options.related;
    if (this.options.selection) description.selection = this.options.selection;
    if (this.comodel) description.relation = this.comodel;
    if (this.options.inverse) description.relation_field = this.options.inverse;
    if (this.options.domain) description.domain = this.options.domain;
    if (this.type === 'monetary') description.currency_field = this.options.currencyField ?? 'currency_id';
    if (this.options.digits) description.digits = this.options.digits;
    if (this.options.groups) description.groups = this.options.groups;
    if (this.options.writeOnly) description.write_only = true;
    if (this.options.compute || this.options.related) description.depends = this.options.depends ?? [];
    return description;
  }
}

export function humanize(name: string): string {
  const base = name.replace(/_ids?$/, '').replace(/_/g, ' ');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/** Accepts Odoo's 'YYYY-MM-DD HH:MM:SS' and ISO 8601 (converted to UTC); null if neither. */
export function normaliseDatetime(value: string): string | null {
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return Number.isNaN(Date.parse(value.replace(' ', 'T') + 'Z')) ? null : value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} 00:00:00`;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const parsed = new Date(/Z|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(parsed.getTime())) return null;
    return parsed.toISOString().slice(0, 19).replace('T', ' ');
  }
  return null;
}

type Opts = FieldOptions;
/** Field constructors, named like Odoo's `fields.Char(...)`. */
export const fields = {
  char: (options: Opts & { size?: number } = {}) => new Field('char', options),
  text: (options: Opts = {}) => new Field('text', options),
  html: (options: Opts = {}) => new Field('html', options),
  integer: (options: Opts = {}) => new Field('integer', options),
  float: (options: Opts & { digits?: [number, number] } = {}) => new Field('float', options),
  monetary: (options: Opts & { currencyField?: string } = {}) => new Field('monetary', options),
  boolean: (options: Opts = {}) => new Field('boolean', options),
  date: (options: Opts = {}) => new Field('date', options),
  datetime: (options: Opts = {}) => new Field('datetime', options),
  binary: (options: Opts = {}) => new Field('binary', options),
  selection: (selection: SelectionList, options: Opts = {}) => new Field('selection', { ...options, selection }),
  many2one: (comodel: string, options: RelationalOptions = {}) => new Field('many2one', { ondelete: 'set null', ...options, comodel }),
  one2many: (comodel: string, inverse: string, options: RelationalOptions = {}) =>
    new Field('one2many', { copy: false, ...options, comodel, inverse }),
  many2many: (comodel: string, options: RelationalOptions = {}) => new Field('many2many', { ...options, comodel }),
};
