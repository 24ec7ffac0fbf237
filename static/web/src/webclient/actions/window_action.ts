import { Component, onWillStart, useState, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { serviceOf, ignoreShown } from '../../core/hooks';
import type { ORM } from '../../core/orm_service';
import type { ActWindow } from './action_service';

const viewsCache = new Map<string, Promise<any>>();

/**
 * Shows a window action in one view type: loads its views once (get_views) and mounts the
 * controller registered for the type, with the callbacks to open records and switch views.
 */
export class WindowAction extends Component<{ action: ActWindow; viewType: string; resId?: number | false; jsId?: number; inDialog?: boolean; close?: () => void }> {
  static override template = xml`
    <div class="o_action" t-att-data-view-type="props.viewType">
      <div t-if="state.error" class="o_action_error alert alert-danger" t-esc="state.error"/>
      <t t-elif="state.loaded">
        <div class="o_view_switcher" t-if="!props.inDialog and props.viewType !== 'form' and multiViewTypes.length > 1">
          <t t-foreach="multiViewTypes" t-as="type" t-key="type">
            <button type="button" t-attf-class="btn btn-light o_switch_view o_{{ type }} {{ type === props.viewType ? 'active' : '' }}" t-att-title="type" t-on-click="() => this.action.switchView(type)" t-esc="type"/>
          </t>
        </div>
        <t t-component="Controller" t-props="controllerProps" t-key="props.viewType"/>
      </t>
    </div>`;
  static override props = ['action', 'viewType', 'resId?', 'jsId?', 'inDialog?', 'close?'];

  orm = serviceOf<ORM>(this, 'orm');
  action = serviceOf(this, 'action');
  state = useState({ loaded: false, error: '' });
  views: any = null;

  override setup() {
    onWillStart(async () => {
      try {
        this.views = await this.loadViews();
        this.state.loaded = true;
      } catch (error) {
        ignoreShown(error);
        this.state.error = 'This screen could not be loaded.';
      }
    });
  }

  async loadViews() {
    const { action } = this.props;
    const requested: Array<[number | false, string]> = [...(action.views ?? [])];
    if (!requested.some(([, type]) => type === 'form')) requested.push([false, 'form']);
    if (!requested.some(([, type]) => type === 'search')) requested.push([(action as any).search_view_id?.[0] ?? false, 'search']);
    const key = JSON.stringify([action.res_model, requested]);
    if (!viewsCache.has(key)) {
      const promise = this.orm.call(action.res_model, 'get_views', [], { views: requested, options: {} });
      viewsCache.set(key, promise);
      promise.catch(() => viewsCache.delete(key));
    }
    return viewsCache.get(key);
  }

  get multiViewTypes(): string[] {
    return (this.props.action.views ?? []).map(([, type]) => type).filter((type) => type !== 'form' && registry.category('views').contains(type));
  }
  get Controller() {
    return registry.category('views').get(this.props.viewType).Controller;
  }
  get controllerProps() {
    const { action } = this.props;
    return {
      resModel: action.res_model,
      views: this.views.views,
      models: this.views.models,
      context: action.context as Record<string, unknown>,
      domain: action.domain as unknown[],
      resId: this.props.resId ?? false,
      limit: action.limit,
      help: action.help,
      inDialog: this.props.inDialog,
      close: this.props.close,
      viewTypes: this.multiViewTypes,
      openRecord: (resId: number | false) => this.action.switchView('form', resId),
      onRecordLoaded: (record: { resId: number | false; data: { display_name?: string } }) => this.props.jsId && this.action.setTitle(this.props.jsId, String(record.data.display_name ?? ''), record.resId),
      onDiscardNew: () => this.action.popController(),
      onDeleted: () => this.action.popController(),
    };
  }
}
