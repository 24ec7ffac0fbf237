import { evaluateModifier, type Modifier } from '../core/domain';
import type { ORM } from '../core/orm_service';

export type FieldsGet = { [name: string]: FieldDescription };
export interface FieldDescription {
  type: string;
  string: string;
  required?: boolean;
  readonly?: boolean;
  relation?: string;
  relation_field?: string;
  selection?: Array<[string, string]>;
  digits?: [number, number];
  currency_field?: string;
  help?: string | false;
  sortable?: boolean;
  groupable?: boolean;
  store?: boolean;
  /** computed fields: the paths they depend on; related fields: their path */
  depends?: string[];
  related?: string;
}

/** What the server's onchange answers: new values of dependent fields, and maybe a warning. */
export interface OnchangeWarning { title: string; message: string }

/** One field node of an arch (form field, list column, sub-list column). */
export interface FieldNode {
  field: string;
  string?: string;
  widget?: string;
  placeholder?: string;
  nolabel?: boolean;
  class?: string;
  invisible?: Modifier;
  /** list/sub-list column: hides the whole column (a domain is evaluated on the parent record) */
  column_invisible?: Modifier;
  readonly?: Modifier;
  required?: Modifier;
  list?: FieldNode[];
  /** x2many: the sub-form a line opens in when the list is not editable */
  form?: { sheet?: unknown[] };
  editable?: 'top' | 'bottom';
  domain?: unknown[];
  context?: { [key: string]: unknown };
  sum?: boolean;
}

export interface RecordConfig {
  orm: ORM;
  resModel: string;
  fields: FieldsGet;
  /** field name -> its node (modifiers, sub-list columns) */
  activeFields: { [name: string]: FieldNode };
  /** fields_get of comodels shown in sub-lists */
  models: { [model: string]: FieldsGet };
  context: { [key: string]: unknown };
  /**
   * Set on a form's record: a change of a field other fields depend on asks the server's
   * onchange for their new values; its warning goes to onWarning.
   */
  onchange?: { onWarning(warning: OnchangeWarning): void };
}

const EMPTY = (value: unknown) => value === false || value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length);

/**
 * A record being shown or edited: values in client form (many2one [id, name], many2many
 * [[id, name]...], one2many a StaticList), the changed field names, and the save logic that
 * turns them back into Odoo write values and x2many commands.
 */
export class Record {
  data: Record_Values = {};
  changes = new Set<string>();
  invalid = new Set<string>();
  /** fields whose typed text could not be read (e.g. "12x" in a number): invalid until retyped */
  badInput = new Set<string>();
  /** field name -> the server's message refusing its value (shown next to the field until it changes) */
  fieldErrors: { [name: string]: string } = {};
  resId: number | false;
  /** the onchange calls in flight, in order; save waits for them */
  private onchangeDone: Promise<void> = Promise.resolve();
  /** changed fields waiting for the next onchange call */
  private onchangeQueued = new Set<string>();

  constructor(readonly config: RecordConfig, resId: number | false, data: Record_Values = {}) {
    this.resId = resId;
    this.data = data;
  }

  get resModel(): string {
    return this.config.resModel;
  }
  get fields(): FieldsGet {
    return this.config.fields;
  }
  get isNew(): boolean {
    return !this.resId;
  }
  get isDirty(): boolean {
    return this.changes.size > 0 || Object.values(this.data).some((v) => v instanceof StaticList && v.isDirty);
  }

  /** The user changed values; invalid marks are cleared as fields get a value. */
  update(values: Record_Values): void {
    for (const [name, value] of Object.entries(values)) {
      this.data[name] = value;
      this.changes.add(name);
      this.badInput.delete(name);
      if (name in this.fieldErrors) {
        delete this.fieldErrors[name];
        this.invalid.delete(name);
      }
      if (!EMPTY(value)) this.invalid.delete(name);
    }
    const triggers = this.config.onchange ? Object.keys(values).filter((name) => onchangeTriggers(this.fields).has(name)) : [];
    if (!triggers.length) return;
    // Changes made while a call is in flight (typing) are sent together by the next one.
    const queued = this.onchangeQueued.size > 0;
    triggers.forEach((name) => this.onchangeQueued.add(name));
    if (!queued) this.onchangeDone = this.onchangeDone.then(() => this.runOnchange());
  }

  /** Waits for the onchange calls of the changes made so far (their values are then in data). */
  whenOnchangeDone(): Promise<void> {
    return this.onchangeDone;
  }

  /** Odoo 17's onchange: the server computes the fields depending on the changed ones, nothing is saved. */
  private async runOnchange(): Promise<void> {
    const changed = [...this.onchangeQueued];
    this.onchangeQueued.clear();
    const { orm, resModel, context } = this.config;
    const names = Object.keys(this.config.activeFields).filter((name) => this.fields[name]);
    const values: Record_Values = {};
    for (const name of names) if (this.fields[name].type !== 'one2many' && name !== 'id') values[name] = serialise(this.data[name], this.fields[name].type);
    let result: { value: Record_Values; warning: OnchangeWarning | false };
    try {
      result = await orm.call(resModel, 'onchange', [this.resId ? [this.resId] : [], values, changed, Object.fromEntries(names.map((n) => [n, {}]))], { context });
    } catch (error) {
      if ((error as { notified?: boolean })?.notified) return; // shown by the rpc service; the form stays as typed
      throw error;
    }
    const received = Object.keys(result.value ?? {}).filter((name) => this.fields[name]);
    const converted = await toClientValues(this.config, received, result.value);
    for (const name of received) {
      this.data[name] = converted[name];
      if (!this.fields[name].readonly) this.changes.add(name);
    }
    if (result.warning) this.config.onchange?.onWarning(result.warning);
  }

  /** A widget could not parse what the user typed: the field stays marked and the record unsaved. */
  setBadInput(name: string): void {
    this.badInput.add(name);
    this.invalid.add(name);
  }

  evalModifier(modifier: Modifier): boolean {
    return evaluateModifier(modifier, this.data);
  }

  isInvisible(name: string): boolean {
    return this.evalModifier(this.config.activeFields[name]?.invisible);
  }
  isReadonly(name: string): boolean {
    return Boolean(this.fields[name]?.readonly) || this.evalModifier(this.config.activeFields[name]?.readonly);
  }
  isRequired(name: string): boolean {
    return Boolean(this.fields[name]?.required) || this.evalModifier(this.config.activeFields[name]?.required);
  }

  /** Required visible fields left empty; they get the invalid mark. */
  checkValidity(): boolean {
    this.invalid = new Set(this.badInput);
    this.fieldErrors = {};
    for (const name of Object.keys(this.config.activeFields)) {
      if (!this.fields[name] || this.isInvisible(name) || !this.isRequired(name)) continue;
      if (this.fields[name].type === 'boolean') continue;
      if (EMPTY(this.data[name])) this.invalid.add(name);
    }
    let valid = this.invalid.size === 0;
    for (const value of Object.values(this.data)) if (value instanceof StaticList && !value.checkValidity()) valid = false;
    return valid;
  }

  /** Write values of the changed fields (all set fields for a new record). */
  getChanges(): Record_Values {
    const vals: Record_Values = {};
    for (const [name, value] of Object.entries(this.data)) {
      const field = this.fields[name];
      if (!field || name === 'id' || name === 'display_name' || (field.readonly && !this.isNew)) continue;
      if (value instanceof StaticList) {
        const commands = value.commands();
        if (commands.length) vals[name] = commands;
        continue;
      }
      if (!this.changes.has(name) && !(this.isNew && !EMPTY(value))) continue;
      vals[name] = serialise(value, field.type);
    }
    return vals;
  }

  /** Saves to the server; false (with invalid marks) when required fields are missing. */
  async save(): Promise<boolean> {
    await this.onchangeDone;
    if (!this.checkValidity()) return false;
    const vals = this.getChanges();
    const { orm, resModel, context } = this.config;
    try {
      if (this.isNew) {
        const id = await orm.call(resModel, 'create', [vals], { context });
        this.resId = Array.isArray(id) ? id[0] : id;
      } else if (Object.keys(vals).length) {
        await orm.write(resModel, [this.resId as number], vals, { context });
      }
    } catch (error) {
      this.markRefusedFields(error);
      throw error;
    }
    await this.load();
    return true;
  }

  /** A refusal naming fields of this record (RPC error data.fields) marks them with its message. */
  markRefusedFields(error: unknown): void {
    const data = (error as { data?: { fields?: unknown; message?: string } } | null)?.data;
    if (!data || !Array.isArray(data.fields)) return;
    for (const name of data.fields) {
      if (typeof name !== 'string' || !(name in this.config.activeFields)) continue;
      this.invalid.add(name);
      this.fieldErrors[name] = data.message ?? '';
    }
  }

  /** (Re)reads the record, or its defaults when new. */
  async load(): Promise<void> {
    const names = Object.keys(this.config.activeFields).filter((name) => this.fields[name]);
    if (!names.includes('display_name') && this.fields.display_name) names.push('display_name');
    const { orm, resModel, context } = this.config;
    let raw: Record_Values;
    if (this.resId) {
      [raw] = await orm.read(resModel, [this.resId], names, { context });
    } else {
      raw = await orm.call(resModel, 'default_get', [names], { context });
    }
    this.data = await toClientValues(this.config, names, raw ?? {});
    this.changes.clear();
    this.invalid.clear();
    this.badInput.clear();
    this.fieldErrors = {};
  }
}

/**
 * Fields whose change other fields of the record depend on (first step of a computed field's
 * `depends` or of a related field's path), from fields_get: the form asks onchange for those.
 */
export function onchangeTriggers(fields: FieldsGet): Set<string> {
  const triggers = new Set<string>();
  for (const description of Object.values(fields)) {
    if (description.type === 'one2many' || description.type === 'many2many') continue;
    const paths = description.related ? [description.related] : description.depends ?? [];
    for (const path of paths) triggers.add(path.split('.')[0]);
  }
  return triggers;
}

/** Field nodes of an arch by name; sub-views of x2many fields (list, form) describe another model and are skipped. */
export function collectFieldNodes(node: unknown, found: { [name: string]: FieldNode } = {}): { [name: string]: FieldNode } {
  if (Array.isArray(node)) node.forEach((child) => collectFieldNodes(child, found));
  else if (node && typeof node === 'object') {
    const object = node as { [key: string]: unknown };
    if (typeof object.field === 'string') found[object.field] = object as unknown as FieldNode;
    for (const [key, value] of Object.entries(object)) if (key !== 'list' && key !== 'form' && key !== 'field') collectFieldNodes(value, found);
  }
  return found;
}

/** Values of a record: any field name to its client value. */
export type Record_Values = { [name: string]: any };

/**
 * The lines of a one2many (or an editable many2many list) inside a form: each line is a
 * Record of the comodel; saving produces Odoo commands.
 */
export class StaticList {
  records: Record[] = [];
  removedIds: number[] = [];
  private readonly originalIds: number[];

  constructor(readonly config: RecordConfig, readonly columns: FieldNode[], records: Record[]) {
    this.records = records;
    this.originalIds = records.map((r) => r.resId as number);
  }

  get currentIds(): number[] {
    return this.records.filter((r) => r.resId).map((r) => r.resId as number);
  }
  get isDirty(): boolean {
    return this.removedIds.length > 0 || this.records.some((r) => r.isNew || r.changes.size > 0);
  }

  addNew(defaults: Record_Values = {}): Record {
    const record = this.makeNew(defaults);
    this.records.push(record);
    return record;
  }

  /** A new line not yet in the list (a sub-form dialog adds it on save). */
  makeNew(defaults: Record_Values = {}): Record {
    const data: Record_Values = {};
    for (const name of Object.keys(this.config.activeFields)) {
      data[name] = this.config.fields[name]?.type === 'many2many' ? [] : false;
    }
    return new Record(this.config, false, { ...data, ...defaults });
  }

  add(record: Record): void {
    this.records.push(record);
  }

  remove(record: Record): void {
    this.records = this.records.filter((r) => r !== record);
    if (record.resId) this.removedIds.push(record.resId);
  }

  checkValidity(): boolean {
    return this.records.map((r) => r.checkValidity()).every(Boolean);
  }

  commands(): unknown[] {
    const commands: unknown[] = [];
    for (const record of this.records) {
      if (record.isNew) commands.push([0, 0, record.getChanges()]);
      else if (record.changes.size) commands.push([1, record.resId, record.getChanges()]);
    }
    for (const id of this.removedIds) if (this.originalIds.includes(id)) commands.push([2, id]);
    return commands;
  }
}

function serialise(value: unknown, type: string): unknown {
  if (type === 'many2one') return Array.isArray(value) ? value[0] : value || false;
  if (type === 'many2many') return [[6, 0, Array.isArray(value) ? value.map((v) => (Array.isArray(v) ? v[0] : v)) : []]];
  if (value === '' && type !== 'char' && type !== 'text') return false;
  return value ?? false;
}

/**
 * The ids of an x2many value: read gives a list of ids, default_get may give the commands of a
 * context default (e.g. `default_pick_ids: [[4, id]]` of the backorder question, `[[6, 0, ids]]`).
 */
export function x2manyIds(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  let ids: number[] = [];
  for (const item of value) {
    if (typeof item === 'number') ids.push(item);
    else if (Array.isArray(item) && item[0] === 6 && Array.isArray(item[2])) ids = [...item[2]];
    else if (Array.isArray(item) && item[0] === 4 && typeof item[1] === 'number') ids.push(item[1]);
  }
  return [...new Set(ids)];
}

/** Server values to client values: names for many2one ids, tags for many2many, lines for one2many. */
export async function toClientValues(config: RecordConfig, names: string[], raw: Record_Values): Promise<Record_Values> {
  const data: Record_Values = { ...raw };
  for (const name of names) {
    const field = config.fields[name];
    const value = raw[name];
    if (!field) continue;
    if (field.type === 'many2one' && typeof value === 'number') {
      const [row] = await config.orm.read(field.relation!, [value], ['display_name']);
      data[name] = row ? [value, row.display_name] : false;
    } else if (field.type === 'many2one' && value === undefined) {
      data[name] = false;
    } else if (field.type === 'many2many') {
      const ids = x2manyIds(value);
      const rows: Array<{ id: number; display_name: string }> = ids.length ? await config.orm.read(field.relation!, ids, ['display_name']) : [];
      data[name] = rows.map((row) => [row.id, row.display_name]);
    } else if (field.type === 'one2many') {
      data[name] = await loadLines(config, name, x2manyIds(value));
    } else if (value === undefined) {
      data[name] = field.type === 'boolean' ? false : false;
    }
  }
  return data;
}

async function loadLines(config: RecordConfig, name: string, ids: number[]): Promise<StaticList> {
  const field = config.fields[name];
  const node = config.activeFields[name];
  const comodelFields = config.models[field.relation!] ?? {};
  const columns = (node?.list ?? [{ field: 'display_name' }] as FieldNode[]).filter((c: FieldNode) => comodelFields[c.field] || c.field === 'display_name');
  // The lines hold the sub-form's fields too, so its dialog edits loaded values.
  const formNodes = Object.values(collectFieldNodes(node?.form?.sheet ?? [])).filter((n) => comodelFields[n.field]);
  const subConfig: RecordConfig = {
    orm: config.orm, resModel: field.relation!, fields: comodelFields, models: config.models, context: config.context,
    activeFields: Object.fromEntries([...formNodes, ...columns].map((c: FieldNode) => [c.field, c])),
  };
  const names = Object.keys(subConfig.activeFields);
  const rows: Record_Values[] = ids.length ? await config.orm.read(field.relation!, ids, names) : [];
  const records: Record[] = [];
  for (const row of rows) records.push(new Record(subConfig, row.id, await toClientValues(subConfig, names, row)));
  return new StaticList(subConfig, columns, records);
}
