import { Component, useState, xml } from '@odoo/owl';
import { serviceOf } from '../../core/hooks';
import type { User } from '../../core/user_service';
import type { Rpc } from '../../core/rpc_service';

/** The user's name with Developer mode on/off and Log out. */
export class UserMenu extends Component {
  static override template = xml`
    <div class="o_user_menu o_dropdown">
      <button type="button" class="btn o_user_menu_toggle" t-on-click="() => this.state.open = !this.state.open" t-esc="user.name"/>
      <div t-if="state.open" class="o_dropdown_menu o_dropdown_menu_right">
        <a href="#" class="o_menu_item o_debug_toggle" t-on-click.prevent="toggleDebug" t-esc="env.debug ? 'Deactivate developer mode' : 'Activate developer mode'"/>
        <div class="dropdown-divider"/>
        <a href="#" class="o_menu_item o_logout" t-on-click.prevent="logout">Log out</a>
      </div>
    </div>`;
  static override props = {};

  user = serviceOf<User>(this, 'user');
  rpc = serviceOf<Rpc>(this, 'rpc');
  state = useState({ open: false });

  /** Debug mode lives in the session; the server sets it from ?debug= when the page loads. */
  toggleDebug() {
    window.location.href = `/web?debug=${this.env.debug ? '0' : '1'}${window.location.hash}`;
  }
  async logout() {
    await this.rpc('/web/session/destroy', {}).catch(() => undefined);
    window.location.href = '/web/login';
  }
}
