import { Component, onMounted, onWillStart, useState, xml } from '@odoo/owl';
import { registry } from '../core/registry';
import { serviceOf, ignoreShown } from '../core/hooks';
import type { Rpc } from '../core/rpc_service';
import { NavBar, type Menu } from './navbar/navbar';
import { ActionContainer } from './actions/action_container';

/** The logged-in client: navbar, main action area and the main components (dialogs, notifications). */
export class WebClient extends Component {
  static override template = xml`
    <div class="o_web_client_root">
      <NavBar t-if="state.menus" menus="state.menus" currentAppId="state.appId" onMenu.bind="openMenu"/>
      <main class="o_content"><ActionContainer/></main>
      <t t-foreach="mainComponents" t-as="entry" t-key="entry[0]"><t t-component="entry[1]"/></t>
    </div>`;
  static override props = {};
  static components = { NavBar, ActionContainer };

  rpc = serviceOf<Rpc>(this, 'rpc');
  action = serviceOf(this, 'action');
  router = serviceOf(this, 'router');
  state = useState({ menus: null as Record<string, Menu> | null, appId: null as number | null });

  get mainComponents(): Array<[string, unknown]> {
    return registry.category('main_components').getEntries();
  }

  override setup() {
    this.env.bus.addEventListener('SESSION_EXPIRED', () => {
      window.location.href = '/web/login';
    });
    onWillStart(async () => {
      this.state.menus = await this.rpc('/web/webclient/load_menus', {});
    });
    onMounted(() => this.loadRouterState().catch(ignoreShown));
  }

  /** Opens what the URL names (#action=...&id=...), else the first app. */
  async loadRouterState() {
    const { action, id, view_type: viewType, menu_id: menuId } = this.router.current;
    if (menuId && this.state.menus?.[menuId]) this.state.appId = this.state.menus[menuId].appID as number;
    if (action) {
      await this.action.doAction(/^\d+$/.test(action) ? Number(action) : action, { clearBreadcrumbs: true });
      if (viewType === 'form') this.action.switchView('form', id ? Number(id) : false);
      return;
    }
    const firstApp = this.state.menus?.root.children[0];
    if (firstApp) await this.openMenu(this.state.menus![firstApp]);
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
