import { registry } from './registry';
import type { Env } from './env';

export type RouterState = Record<string, string>;

/**
 * The URL hash holds where the user is (#action=12&view_type=form&id=5&menu_id=3&cids=1), so a
 * reload or a shared link opens the same screen. `debug` stays in the query string.
 */
export const routerService = {
  start(_env: Env) {
    const parse = (): RouterState => Object.fromEntries(new URLSearchParams(window.location.hash.replace(/^#/, '')));
    return {
      get current(): RouterState {
        return parse();
      },
      pushState(state: RouterState, options: { replace?: boolean } = {}) {
        const next = options.replace ? state : { ...parse(), ...state };
        const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== '' && v !== 'false'));
        const hash = '#' + new URLSearchParams(clean).toString();
        if (hash !== window.location.hash) window.history.pushState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
      },
    };
  },
};

registry.category('services').add('router', routerService);
