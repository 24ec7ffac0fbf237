import { Field, fields } from './fields';
import { AnyModel, type Model } from './model';

export type ModelClass = typeof Model;
/**
 * The base an extension receives: the model as composed so far. Its methods come from other
 * addons, so they are typed loosely (`super.action_confirm()` is allowed).
 */
export type ExtensionBase = typeof AnyModel;
/** An addon's extension of another addon's model: Odoo's `_inherit` as class composition. */
export interface Extension {
  extends: string;
  mixin: (base: ExtensionBase) => unknown;
}
export type ModelContribution = ModelClass | Extension;

export function extend(modelName: string, mixin: (base: ExtensionBase) => unknown): Extension {
  return { extends: modelName, mixin };
}

export interface SqlConstraint {
  name: string;
  definition: string;
  message: string;
}

/** What a stored computed field needs to know about a field it depends on. */
export interface Trigger {
  /** the model holding the computed field */
  model: string;
  /** the computed field */
  field: string;
  /** dotted path from the computed model to the changed model ('' = the record itself) */
  path: string;
}

/** Everything the ORM needs about one model, resolved from its class chain. */
export interface ModelMeta {
  name: string;
  description: string;
  table: string;
  cls: ModelClass;
  fields: Map<string, Field>;
  order: string;
  recName: string | null;
  parentName: string;
  sqlConstraints: SqlConstraint[];
  publicMethods: Set<string>;
  /** public methods called on the model, not on records (no ids in args[0]): Odoo's @api.model */
  modelMethods: Set<string>;
  /** method name -> fields whose change runs it */
  constrains: Map<string, string[]>;
  abstract: boolean;
  addon: string;
}

const MAGIC_FIELDS: Record<string, Field> = {
  id: fields.integer({ string: 'ID', readonly: true }),
  create_uid: fields.many2one('res.users', { string: 'Created by', readonly: true, ondelete: 'set null' }),
  create_date: fields.datetime({ string: 'Created on', readonly: true, index: true }),
  write_uid: fields.many2one('res.users', { string: 'Last Updated by', readonly: true, ondelete: 'set null' }),
  write_date: fields.datetime({ string: 'Last Updated on', readonly: true }),
  display_name: fields.char({ string: 'Display Name', compute: '_compute_display_name', store: false }),
};

/** The installed models of one database, built from the addons in dependency order. */
export class Registry {
  readonly models = new Map<string, ModelMeta>();
  /** changed model -> changed field -> computed fields to refresh */
  readonly triggers = new Map<string, Map<string, Trigger[]>>();
  readonly addons: string[] = [];
  private readonly chains = new Map<string, { base: ModelClass; addon: string; mixins: Extension[] }>();

  /** Adds an addon's models and extensions; call setup() once all addons are in. */
  register(addon: string, contributions: ModelContribution[]): void {
    this.addons.push(addon);
    for (const contribution of contributions) {
      if ('extends' in contribution) {
        const chain = this.chains.get(contribution.extends);
        if (!chain) throw new Error(`Addon ${addon} extends model ${contribution.extends}, which no installed addon defines.`);
        chain.mixins.push(contribution);
      } else {
        const name = contribution._name;
        if (!name) throw new Error(`Addon ${addon} registers a model class without _name.`);
        if (this.chains.has(name)) throw new Error(`Addon ${addon} redefines model ${name}; use extend('${name}', ...) instead.`);
        this.chains.set(name, { base: contribution, addon, mixins: [] });
      }
    }
  }

  setup(): void {
    this.models.clear();
    for (const [name, chain] of this.chains) {
      // A fresh subclass per registry: `_meta` is set on it, so two registries in one process
      // (tests, a command next to a server) never overwrite each other's view of a shared class.
      let cls: ModelClass = class extends (chain.base as any) {} as unknown as ModelClass;
      Object.defineProperty(cls, 'name', { value: chain.base.name });
      for (const extension of chain.mixins) cls = extension.mixin(cls as ExtensionBase) as ModelClass;
      this.models.set(name, this.resolve(name, cls, chain.addon));
    }
    for (const meta of this.models.values()) {
      (meta.cls as any)._meta = meta;
      for (const field of meta.fields.values()) {
        if (field.comodel && !this.models.has(field.comodel)) {
          throw new Error(`Field ${meta.name}.${field.name} points to model ${field.comodel}, which is not installed.`);
        }
      }
    }
    this.buildTriggers();
  }

  meta(name: string): ModelMeta {
    const meta = this.models.get(name);
    if (!meta) throw new UnknownModel(name);
    return meta;
  }

  has(name: string): boolean {
    return this.models.has(name);
  }

  private resolve(name: string, cls: ModelClass, addon: string): ModelMeta {
    const chain: any[] = [];
    for (let current: any = cls; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) chain.unshift(current);
    const fieldMap = new Map<string, Field>();
    const sqlConstraints = new Map<string, SqlConstraint>();
    const publicMethods = new Set<string>();
    const modelMethods = new Set<string>();
    const constrains = new Map<string, string[]>();
    for (const [fname, field] of Object.entries(MAGIC_FIELDS)) fieldMap.set(fname, field.bind(fname, name));
    for (const klass of chain) {
      if (Object.hasOwn(klass, '_fields')) {
        for (const [fname, field] of Object.entries(klass._fields as Record<string, Field>)) {
          const previous = fieldMap.get(fname);
          // An extension may redefine a field partially, like Odoo's field override.
          const merged = previous && previous.type === field.type
            ? new Field(field.type, { ...previous.options, ...field.options })
            : field;
          fieldMap.set(fname, merged.bind(fname, name));
        }
      }
      if (Object.hasOwn(klass, '_sql_constraints')) {
        for (const [cname, definition, message] of klass._sql_constraints as [string, string, string][]) {
          sqlConstraints.set(cname, { name: cname, definition, message });
        }
      }
      if (Object.hasOwn(klass, '_public')) for (const method of klass._public as string[]) publicMethods.add(method);
      if (Object.hasOwn(klass, '_public_model')) {
        for (const method of klass._public_model as string[]) {
          publicMethods.add(method);
          modelMethods.add(method);
        }
      }
      if (Object.hasOwn(klass, '_constrains')) {
        for (const [method, on] of Object.entries(klass._constrains as Record<string, string[]>)) constrains.set(method, on);
      }
    }
    const recName = cls._rec_name ?? (fieldMap.has('name') ? 'name' : null);
    return {
      name,
      description: cls._description ?? name,
      table: cls._table ?? name.replace(/\./g, '_'),
      cls,
      fields: fieldMap,
      order: cls._order ?? 'id',
      recName,
      parentName: cls._parent_name ?? 'parent_id',
      sqlConstraints: [...sqlConstraints.values()],
      publicMethods,
      modelMethods,
      constrains,
      abstract: cls._auto === false,
      addon,
    };
  }

  /** For each stored computed field, register which field changes must recompute it. */
  private buildTriggers(): void {
    this.triggers.clear();
    const add = (model: string, field: string, trigger: Trigger) => {
      let byField = this.triggers.get(model);
      if (!byField) this.triggers.set(model, (byField = new Map()));
      const list = byField.get(field) ?? [];
      if (!list.some((t) => t.model === trigger.model && t.field === trigger.field && t.path === trigger.path)) list.push(trigger);
      byField.set(field, list);
    };
    for (const meta of this.models.values()) {
      for (const field of meta.fields.values()) {
        if (!field.computed || !field.stored) continue;
        const depends = field.options.related ? [field.options.related] : field.options.depends ?? [];
        for (const dependency of depends) {
          let current = meta;
          const parts = dependency.split('.');
          parts.forEach((part, index) => {
            const depField = current.fields.get(part);
            if (!depField) throw new Error(`${meta.name}.${field.name} depends on unknown field ${current.name}.${part} (${dependency}).`);
            const path = parts.slice(0, index).join('.');
            add(current.name, part, { model: meta.name, field: field.name, path });
            // A one2many's content changes when the inverse many2one of a comodel record changes.
            if (depField.type === 'one2many' && depField.options.inverse) {
              add(depField.comodel!, depField.options.inverse, { model: meta.name, field: field.name, path: parts.slice(0, index + 1).join('.') });
            }
            if (depField.comodel && index < parts.length - 1) current = this.meta(depField.comodel);
          });
        }
      }
    }
  }
}

export class UnknownModel extends Error {
  constructor(readonly modelName: string) {
    super(`Object ${modelName} doesn't exist`);
  }
}
