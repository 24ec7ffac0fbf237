import { registry } from '../../core/registry';
import type { Env } from '../../core/env';
import { browser } from '../../core/browser/browser';

/**
 * Odoo's function client actions: a method returns
 * `{ type: "ir.actions.client", tag: "display_notification", params: { title, message, type, sticky, next } }`
 * to tell the user something went well (Odoo's success message), optionally followed by `next`.
 * A function client action returns the action to run next, if any.
 */
export function displayNotification(env: Env, action: { params?: { title?: string; message?: string; type?: string; sticky?: boolean; next?: unknown } }): unknown {
  const params = action.params ?? {};
  env.services.notification.add(String(params.message ?? ''), {
    title: params.title ? String(params.title) : undefined,
    type: ['success', 'warning', 'danger', 'info'].includes(String(params.type)) ? params.type : 'info',
    sticky: Boolean(params.sticky),
  });
  return params.next;
}

/** `tag: "reload"`: reloads the client on the current screen (e.g. after settings changed). */
export function reloadClient(): void {
  browser.reload();
}

registry.category('actions').add('display_notification', displayNotification);
registry.category('actions').add('reload', reloadClient);
