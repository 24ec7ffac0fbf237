import { Component, useState, xml } from '@odoo/owl';
import { UserMenu } from './user_menu';
import { CompanySwitcher } from './company_switcher';

export interface Menu { id: number | 'root'; name: string; children: number[]; appID: number | false; actionID: number | false; webIcon: string | false; xmlid: string }

/** The top bar: the apps menu, the current app's sections, the company switcher and the user menu. */
export class NavBar extends Component<{ menus: Record<string, Menu>; currentAppId: number | null; onMenu: (menu: Menu) => void }> {
  static override template = xml`
    <header class="o_main_navbar">
      <div class="o_navbar_apps_menu o_dropdown">
        <button type="button" class="btn o_menu_toggle" title="Home Menu" t-on-click="() => this.toggle('apps')">☰</button>
        <div t-if="state.open === 'apps'" class="o_dropdown_menu">
          <t t-foreach="apps" t-as="app" t-key="app.id">
            <a href="#" class="o_app o_menu_item" t-att-data-menu-xmlid="app.xmlid" t-on-click.prevent="() => this.select(app)">
              <span class="o_app_icon" t-esc="app.webIcon or ''"/> <t t-esc="app.name"/>
            </a>
          </t>
        </div>
      </div>
      <span t-if="currentApp" class="o_menu_brand" t-esc="currentApp.name"/>
      <nav class="o_menu_sections" t-if="currentApp">
        <t t-foreach="sections" t-as="section" t-key="section.id">
          <div t-if="section.children.length" class="o_dropdown">
            <button type="button" class="btn o_menu_section" t-att-data-menu-xmlid="section.xmlid" t-on-click="() => this.toggle(section.id)" t-esc="section.name"/>
            <div t-if="state.open === section.id" class="o_dropdown_menu">
              <t t-foreach="section.children" t-as="childId" t-key="childId">
                <a href="#" class="o_menu_item" t-att-data-menu-xmlid="props.menus[childId].xmlid" t-on-click.prevent="() => this.select(props.menus[childId])" t-esc="props.menus[childId].name"/>
              </t>
            </div>
          </div>
          <a t-else="" href="#" class="btn o_menu_section" t-att-data-menu-xmlid="section.xmlid" t-on-click.prevent="() => this.select(section)" t-esc="section.name"/>
        </t>
      </nav>
      <div class="o_menu_systray">
        <span t-if="env.debug" class="o_debug_indicator" title="Developer mode is active">🐞</span>
        <CompanySwitcher/>
        <UserMenu/>
      </div>
    </header>`;
  static override props = ['menus', 'currentAppId', 'onMenu'];
  static components = { UserMenu, CompanySwitcher };

  state = useState({ open: null as null | string | number });

  get apps(): Menu[] {
    return this.props.menus.root.children.map((id) => this.props.menus[id]);
  }
  get currentApp(): Menu | null {
    return this.props.currentAppId ? this.props.menus[this.props.currentAppId] ?? null : null;
  }
  get sections(): Menu[] {
    return (this.currentApp?.children ?? []).map((id) => this.props.menus[id]);
  }
  toggle(key: string | number) {
    this.state.open = this.state.open === key ? null : key;
  }
  select(menu: Menu) {
    this.state.open = null;
    this.props.onMenu(menu);
  }
}
