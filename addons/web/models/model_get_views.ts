import { Model } from '../../base/orm/model';
import type { Environment } from '../../base/orm/environment';
import { ValidationError } from '../../base/orm/exceptions';
import { filterArch, subviewModels, type FieldsByModel } from '../views/arch_access';
import { defaultArch } from '../views/default_arch';
import { combinedArch, rootViewId } from '../views/view_inheritance';

export type ViewRequest = Array<[number | false | null, string]>;

export interface GetViewsResult {
  views: Record<string, { id: number | false; arch: unknown; model: string }>;
  models: FieldsByModel;
}

declare module '../../base/orm/model' {
  interface Model {
    /** Odoo 17's get_views: the archs of the requested views and the fields they show. */
    get_views(views: ViewRequest, options?: Record<string, unknown>): Promise<GetViewsResult>;
  }
}

/**
 * Every model answers get_views (the kernel lists it in ORM_PUBLIC); the web addon provides it
 * because views are the web addon's business, not the ORM's.
 */
export function installGetViews(): void {
  if (Object.hasOwn(Model.prototype, 'get_views')) return;
  // call_kw treats methods listed in a class's static _public_model as @api.model (no ids in
  // args[0]); subclasses inherit this list unless they declare their own.
  const base = Model as unknown as { _public_model?: string[] };
  base._public_model = [...(Object.hasOwn(base, '_public_model') ? base._public_model ?? [] : []), 'get_views'];
  Object.defineProperty(Model.prototype, 'get_views', {
    configurable: true,
    writable: true,
    value: async function getViews(this: Model, viewsArg: ViewRequest | { views: ViewRequest }, _options: Record<string, unknown> = {}): Promise<GetViewsResult> {
      // Odoo's client sends get_views(**{views, options}); call_kw hands keywords over as one object.
      const views = Array.isArray(viewsArg) ? viewsArg : viewsArg?.views;
      if (!Array.isArray(views)) throw new ValidationError('get_views expects a list of [view_id or false, view_type] pairs.');
      const model = this._name;
      const fieldsByModel: FieldsByModel = { [model]: await this.fields_get() as FieldsByModel[string] };
      const result: GetViewsResult = { views: {}, models: fieldsByModel };
      for (const pair of views) {
        const [viewId, type] = Array.isArray(pair) ? pair : [false, pair];
        const { id, arch } = await loadArch(this.env, model, typeof viewId === 'number' ? viewId : null, String(type));
        for (const comodel of subviewModels(arch, fieldsByModel[model])) {
          if (!fieldsByModel[comodel]) fieldsByModel[comodel] = await this.env.model(comodel).fields_get() as FieldsByModel[string];
        }
        result.views[type] = { id, model, arch: await filterArch(this.env, arch, model, fieldsByModel) };
      }
      return result;
    },
  });
}

/**
 * The requested view (an extension stands for the view it extends), else the model's primary
 * view of that type with the lowest priority, else a default; extensions are applied.
 */
async function loadArch(env: Environment, model: string, viewId: number | null, type: string): Promise<{ id: number | false; arch: unknown }> {
  const views = env.model('ir.ui.view').sudo();
  const domain = viewId ? [['id', '=', await rootViewId(env, viewId)]] : [['model', '=', model], ['type', '=', type], ['inherit_id', '=', false]];
  const found = await views.search(domain, { limit: 1, order: 'priority, id' });
  if (found.length) {
    const [row] = await found.fetch(['type', 'model']);
    if (row.model !== model || row.type !== type) throw new ValidationError(`View ${viewId} is a ${row.type} view of ${row.model}, not a ${type} view of ${model}.`);
    return { id: row.id as number, arch: await combinedArch(env, row.id as number) };
  }
  return { id: false, arch: defaultArch(env.registry.meta(model), type) };
}
