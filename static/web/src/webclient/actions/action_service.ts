import { Component, markRaw, reactive } from '@odoo/owl';
import { registry } from '../../core/registry';
import type { Env } from '../../core/env';
import type { Rpc } from '../../core/rpc_service';
import type { ORM } from '../../core/orm_service';
import type { DialogService } from '../../core/dialog_service';
import { WindowAction } from './window_action';
import { ActionDialog } from './action_dialog';
import { browser, base64ToBytes } from '../../core/browser/browser';

/** What a method returns to make the browser save a file (account.move action_invoice_download_pdf). */
export interface DownloadPayload { filename: string; mimetype?: string; data: string }

export function isDownload(value: unknown): value is DownloadPayload {
  const v = value as DownloadPayload | null;
  return Boolean(v && typeof v === 'object' && typeof v.filename === 'string' && typeof v.data === 'string' && !('type' in v));
}

export interface ActWindow {
  id?: number | false;
  type: 'ir.actions.act_window';
  name?: string;
  res_model: string;
  views?: Array<[number | false, string]>;
  view_mode?: string;
  domain?: unknown;
  context?: unknown;
  res_id?: number | false;
  target?: 'current' | 'new' | 'fullscreen';
  limit?: number;
  help?: string | false;
}
export type Action = ActWindow | { type: string; [key: string]: unknown };

/** One screen of the breadcrumbs: an action shown in one of its views. */
export interface Controller {
  jsId: number;
  action: ActWindow;
  viewType: string;
  resId?: number | false;
  title: string;
}

let nextJsId = 0;

function parseJson<T>(value: unknown, fallback: T): T {
  if (typeof value === 'string') return value.trim() ? (JSON.parse(value) as T) : fallback;
  return (value as T) ?? fallback;
}

/** Keys of the calling screen's context that would mislead the next screen (its defaults, filters, group-bys). */
const SCREEN_KEYS = /^(?:(?:default_|search_default_|show_).+|.+_view_ref|group_by|group_by_no_leaf|active_id|active_ids|orderedBy)$/;

/**
 * The context of the window action a button opens, as Odoo's doActionButton: the caller's
 * context without its screen keys, the button's context, the records the button ran on
 * (active_model, active_id, active_ids), then what the action itself says.
 */
function targetContext(params: { resModel: string; context?: Record<string, unknown>; buttonContext?: Record<string, unknown> }, ids: number[], action: ActWindow) {
  const inherited = Object.fromEntries(Object.entries(params.context ?? {}).filter(([key]) => !SCREEN_KEYS.test(key)));
  const active = { active_model: params.resModel, ...(ids.length ? { active_id: ids[0], active_ids: ids } : {}) };
  return { ...inherited, ...(params.buttonContext ?? {}), ...active, ...parseJson(action.context, {}) };
}

/** Odoo's action service: runs window actions (in the main area or as dialogs), buttons and breadcrumbs. */
export function makeActionService(env: Env, rpc: Rpc, orm: ORM, dialog: DialogService, router: any) {
  const state = reactive({ stack: [] as Controller[] });

  const normalise = (action: ActWindow, context: Record<string, unknown> = {}): ActWindow => ({
    ...action,
    domain: parseJson(action.domain, []),
    context: { ...parseJson(action.context, {}), ...context },
    // 'tree' is the list's name before Odoo 17, still used by actions methods return (as Odoo 17's client does).
    views: (action.views ?? (action.view_mode ?? 'list,form').split(',').map((type) => [false, type.trim()] as [false, string]))
      .map(([id, type]) => [id, type === 'tree' ? 'list' : type] as [number | false, string]),
  });

  const pushController = (controller: Omit<Controller, 'jsId'>, clear: boolean) => {
    const entry = { ...controller, jsId: ++nextJsId };
    state.stack = clear ? [entry] : [...state.stack, entry];
    updateRouter();
  };

  const updateRouter = () => {
    const current = state.stack.at(-1);
    if (!current) return;
    router?.pushState({ action: String(current.action.id || ''), model: current.action.res_model, view_type: current.viewType, id: current.resId ? String(current.resId) : '' });
  };

  const service = {
    state,
    async loadAction(ref: number | string): Promise<Action> {
      return rpc('/web/action/load', { action_id: ref });
    },
    /** Runs an action: an id or external id (loaded first) or an action dict (from a button). */
    async doAction(actionRef: number | string | Action, options: { additionalContext?: Record<string, unknown>; clearBreadcrumbs?: boolean; resId?: number; viewType?: string; onClose?: () => void } = {}): Promise<void> {
      const action = typeof actionRef === 'object' ? actionRef : await service.loadAction(actionRef);
      if (isDownload(action)) {
        browser.download(action.filename, action.mimetype || 'application/octet-stream', base64ToBytes(action.data));
        return;
      }
      if (action.type === 'ir.actions.act_window_close') {
        dialog.closeAll();
        return;
      }
      if (action.type === 'ir.actions.act_url') {
        browser.open(String(action.url), action.target === 'self' ? '_self' : '_blank');
        return;
      }
      if (action.type === 'ir.actions.client') {
        const ClientAction = registry.category('actions').get(String(action.tag));
        if (!(ClientAction.prototype instanceof Component)) {
          // a function client action (display_notification, reload) may return what runs next
          const next = await ClientAction(env, action);
          if (next && typeof next === 'object') await service.doAction(next as Action, options);
          return;
        }
        pushController({ action: { ...(action as any), res_model: '', client: markRaw(ClientAction) }, viewType: 'client', title: String(action.name ?? '') }, Boolean(options.clearBreadcrumbs));
        return;
      }
      if (action.type !== 'ir.actions.act_window') throw new Error(`Unsupported action type ${action.type}.`);
      const act = normalise(action as ActWindow, options.additionalContext);
      if (act.target === 'new') {
        dialog.add(ActionDialog, { action: act, title: act.name ?? '' }, { onClose: options.onClose });
        return;
      }
      const firstView = options.viewType ?? (act.res_id ? 'form' : act.views![0][1]);
      pushController({ action: act, viewType: firstView, resId: options.resId ?? act.res_id ?? false, title: act.name ?? '' }, options.clearBreadcrumbs ?? false);
    },
    /** Header/list buttons: type object calls the method through call_button; type action runs the action. */
    async doActionButton(params: { type: string; name?: string; resModel: string; resId: number | false; resIds?: number[]; context?: Record<string, unknown>;
                                   buttonContext?: Record<string, unknown>; onClose?: () => void },
                         options: { inDialog?: boolean; closeDialog?: () => void } = {}): Promise<void> {
      const ids = params.resIds ?? (params.resId ? [params.resId] : []);
      const context = { ...(params.context ?? {}), ...(params.buttonContext ?? {}) };
      let result: Action | false;
      if (params.type === 'object') {
        result = await rpc('/web/dataset/call_button', { model: params.resModel, method: params.name, args: [ids], kwargs: { context: { ...((env.services.user?.context as object) ?? {}), ...context } } });
      } else {
        result = await service.loadAction(params.name!);
      }
      if (result && typeof result === 'object') {
        if (result.type === 'ir.actions.act_window') result = { ...result, context: targetContext(params, ids, result as ActWindow) };
        if (options.inDialog && result.type !== 'ir.actions.act_window_close') options.closeDialog?.();
        await service.doAction(result, { onClose: params.onClose });
      } else if (options.inDialog) {
        options.closeDialog?.();
      }
    },
    switchView(viewType: string, resId?: number | false) {
      const current = state.stack.at(-1);
      if (!current) return;
      if (viewType === 'form') pushController({ action: current.action, viewType, resId: resId ?? false, title: current.title }, false);
      else state.stack = [...state.stack.slice(0, -1), { ...current, viewType, jsId: ++nextJsId }];
      updateRouter();
    },
    restore(jsId: number) {
      const index = state.stack.findIndex((c) => c.jsId === jsId);
      if (index >= 0) state.stack = state.stack.slice(0, index + 1);
      updateRouter();
    },
    /** A form loaded or saved its record: the breadcrumb shows its name, the URL its id. */
    setTitle(jsId: number, title: string, resId?: number | false) {
      const controller = state.stack.find((c) => c.jsId === jsId);
      if (!controller) return;
      if (controller.title !== title) controller.title = title;
      if (resId && controller.resId !== resId) {
        controller.resId = resId;
        updateRouter();
      }
    },
    popController() {
      state.stack = state.stack.slice(0, -1);
      updateRouter();
    },
    WindowAction,
  };
  return service;
}

export const actionService = {
  dependencies: ['rpc', 'orm', 'dialog', 'router'],
  start(env: Env, { rpc, orm, dialog, router }: { rpc: Rpc; orm: ORM; dialog: DialogService; router: unknown }) {
    return makeActionService(env, rpc, orm, dialog, router);
  },
};

registry.category('services').add('action', actionService);
