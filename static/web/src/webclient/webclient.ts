import { Component, onMounted, onWillStart, useExternalListener, useState, xml } from '@odoo/owl';
import { registry } from '../core/registry';
import { serviceOf, ignoreShown } from '../core/hooks';
import type { Rpc } from '../core/rpc_service';
import { NavBar, type Menu } from './navbar/navbar';
import { ActionContainer } from './actions/action_container';
import { browser } from '../core/browser/browser';

/** The login page, asked to bring the user back to the current screen. */
export function loginUrl(): string {
  const back = `${window.location.pathname}${window.location.search}${window.location.hash}`;
  return `/web/login?redirect=${encodeURIComponent(back)}`;
}

/** The logged-in client: navbar, main action area and the main components (dialogs, notifications). */
export class WebClient extends Component {
  static override template = xml`
    <div class="o_web_client_root">
      <NavBar t-if="state.menus" menus="state.menus" currentAppId="state.appId" onMenu.bind="openMenu"/>
      <div t-if="state.menuError" class="o_menu_load_error alert alert-danger" role="alert" data-testid="menu-load-error">
        <p>The menus could not be loaded: <t t-esc="state.menuError"/></p>
        <button type="button" class="btn btn-primary o_menu_load_retry" t-on-click="reload">Reload</button>
      </div>
      <main class="o_content"><ActionContainer/></main>
      <t t-foreach="mainComponents" t-as="entry" t-key="entry[0]"><t t-component="entry[1]"/></t>
    </div>`;
  static override props = {};
  static components = { NavBar, ActionContainer };

  rpc = serviceOf<Rpc>(this, 'rpc');
  action = serviceOf(this, 'action');
  router = serviceOf(this, 'router');
  state = useState({ menus: null as Record<string, Menu> | null, appId: null as number | null, menuError: '' });

  get mainComponents(): Array<[string, unknown]> {
    return registry.category('main_components').getEntries();
  }

  override setup() {
    // An RPC answered code 100: the session is gone, log in again and come back here.
    this.env.bus.addEventListener('SESSION_EXPIRED', () => browser.redirect(loginUrl()));
    onWillStart(() => this.loadMenus());
    // A URL typed or followed by hand (#action=...) opens that screen, as Odoo's router does;
    // the client's own pushState never fires hashchange.
    useExternalListener(window, 'hashchange', () => {
      if (this.state.menus) this.loadRouterState().catch(ignoreShown);
    });
    onMounted(() => {
      if (this.state.menus) this.loadRouterState().catch(ignoreShown);
    });
  }

  /** A failed menu load shows its reason and a Reload button rather than a blank page. */
  async loadMenus() {
    try {
      this.state.menus = await this.rpc('/web/webclient/load_menus', {});
      this.state.menuError = '';
    } catch (error) {
      this.state.menuError = error instanceof Error ? error.message : String(error);
    }
  }

  reload() {
    browser.reload();
  }

  /** Opens what the URL names (#action=...&id=...), else the first app. */
  async loadRouterState() {
    const { action, id, view_type: viewType, menu_id: menuId } = this.router.current;
    if (menuId && this.state.menus?.[menuId]) this.state.appId = this.state.menus[menuId].appID as number;
    if (action) {
      await this.action.doAction(/^\d+$/.test(action) ? Number(action) : action, { clearBreadcrumbs: true });
      if (!menuId) this.selectAppOfAction();
      if (viewType === 'form') this.action.switchView('form', id ? Number(id) : false);
      return;
    }
    const firstApp = this.state.menus?.root.children[0];
    if (firstApp) await this.openMenu(this.state.menus![firstApp]);
  }

  /** A screen opened by URL without menu_id: the navbar shows the app whose menu opens that action. */
  selectAppOfAction() {
    const actionId = this.action.state.stack.at(-1)?.action.id;
    const menu = actionId ? Object.values(this.state.menus ?? {}).find((m) => m.actionID === actionId) : undefined;
    if (menu?.appID) this.state.appId = menu.appID as number;
  }

  async openMenu(menu: Menu) {
    const menus = this.state.menus!;
    const withAction = (m: Menu): Menu | null => (m.actionID ? m : m.children.map((id) => withAction(menus[id])).find(Boolean) ?? null);
    const target = withAction(menu);
    this.state.appId = (menu.appID as number) || null;
    if (!target) return;
    this.router.pushState({ menu_id: String(menu.appID || menu.id) });
    await this.action.doAction(target.actionID as number, { clearBreadcrumbs: true }).catch(ignoreShown);
  }
}
