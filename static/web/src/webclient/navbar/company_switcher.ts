import { Component, useState, xml } from '@odoo/owl';
import { serviceOf } from '../../core/hooks';
import type { User } from '../../core/user_service';
import { browser } from '../../core/browser/browser';

/** The companies the user works in; choosing one reloads the client with `cids` in the URL. */
export class CompanySwitcher extends Component {
  static override template = xml`
    <div t-if="user.allowedCompanies.length > 1" class="o_switch_company_menu o_dropdown">
      <button type="button" class="btn" t-on-click="() => this.state.open = !this.state.open" t-esc="currentName"/>
      <div t-if="state.open" class="o_dropdown_menu o_dropdown_menu_right">
        <t t-foreach="user.allowedCompanies" t-as="company" t-key="company.id">
          <a href="#" t-attf-class="o_menu_item {{ user.activeCompanyIds.includes(company.id) ? 'selected' : '' }}" t-att-data-company-id="company.id"
             t-on-click.prevent="() => this.switchTo(company.id)" t-esc="company.name"/>
        </t>
      </div>
    </div>`;
  static override props = {};

  user = serviceOf<User>(this, 'user');
  state = useState({ open: false });

  get currentName(): string {
    return this.user.allowedCompanies.find((c: { id: number }) => c.id === this.user.activeCompanyIds[0])?.name ?? '';
  }
  switchTo(id: number) {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    params.set('cids', String(id));
    window.location.hash = params.toString();
    browser.reload();
  }
}
