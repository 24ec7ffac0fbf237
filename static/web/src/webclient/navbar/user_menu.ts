import { Component, useState, xml } from '@odoo/owl';
import { serviceOf } from '../../core/hooks';
import type { User } from '../../core/user_service';
import type { Rpc } from '../../core/rpc_service';
import { browser } from '../../core/browser/browser';

/** The page that switches developer mode: the server stores ?debug= in the session, then serves the client. */
export function debugToggleUrl(active: boolean, hash: string): string {
  return `/web?debug=${active ? '0' : '1'}${hash}`;
}

/** The user's name with Developer mode on/off and Log out. */
export class UserMenu extends Component {
  static override template = xml`
    <div class="o_user_menu o_dropdown">
      <button type="button" class="btn o_user_menu_toggle" data-testid="user-menu" t-on-click="() => this.state.open = !this.state.open" t-esc="user.name"/>
      <div t-if="state.open" class="o_dropdown_menu o_dropdown_menu_right">
        <a href="#" class="o_menu_item o_debug_toggle" data-testid="debug-toggle" t-on-click.prevent="toggleDebug" t-esc="env.debug ? 'Deactivate developer mode' : 'Activate developer mode'"/>
        <div class="dropdown-divider"/>
        <a href="#" class="o_menu_item o_logout" data-testid="logout" t-on-click.prevent="logout">Log out</a>
      </div>
    </div>`;
  static override props = {};

  user = serviceOf<User>(this, 'user');
  rpc = serviceOf<Rpc>(this, 'rpc');
  state = useState({ open: false });

  /** Debug mode lives in the session; the server sets it from ?debug= when the page loads. */
  toggleDebug() {
    browser.redirect(debugToggleUrl(Boolean(this.env.debug), window.location.hash));
  }
  async logout() {
    await this.rpc('/web/session/destroy', {}).catch(() => undefined);
    browser.redirect('/web/login');
  }
}
