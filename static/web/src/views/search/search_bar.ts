import { Component, useState, xml } from '@odoo/owl';
import type { SearchModel } from './search_model';

/**
 * The search bar: facets, a text input offering "Search <field> for: <text>", and the
 * Filters / Group By dropdowns. Calls onSearch after every change.
 */
export class SearchBar extends Component<{ model: SearchModel; onSearch: () => void }> {
  static override template = xml`
    <div class="o_searchview" role="search">
      <div class="o_searchview_input_container">
        <t t-foreach="props.model.facets" t-as="facet" t-key="facet.key">
          <span class="o_searchview_facet">
            <span class="o_facet_label" t-esc="facet.label"/>
            <span class="o_facet_values" t-esc="facet.values.join(' or ')"/>
            <a class="o_facet_remove" title="Remove" t-on-click="() => this.removeFacet(facet.key)">×</a>
          </span>
        </t>
        <input class="o_searchview_input" data-testid="search-input" type="text" placeholder="Search..." t-att-value="state.text"
               t-on-input="(ev) => this.state.text = ev.target.value" t-on-keydown="onKeydown"/>
      </div>
      <ul t-if="state.text" class="o_searchview_autocomplete">
        <t t-foreach="props.model.searchFields" t-as="spec" t-key="spec.field">
          <li t-att-class="{ active: spec_index === state.active }" t-on-mousedown.prevent="() => this.searchField(spec.field)">
            Search <b t-esc="props.model.fieldLabel(spec)"/> for: <i t-esc="state.text"/>
          </li>
        </t>
      </ul>
      <div class="o_search_options">
        <div class="o_dropdown o_filter_menu" t-if="props.model.filters.length">
          <button type="button" class="btn btn-light" data-testid="search-filters" t-on-click="() => this.toggle('filters')">Filters</button>
          <div t-if="state.open === 'filters'" class="o_dropdown_menu">
            <t t-foreach="props.model.filters" t-as="filter" t-key="filter_index">
              <div t-if="filter.separator" class="dropdown-divider"/>
              <a t-else="" href="#" t-attf-class="o_menu_item {{ props.model.activeFilters.includes(filter.name) ? 'selected' : '' }}"
                 t-att-data-testid="'filter-' + filter.name" t-on-click.prevent="() => this.toggleFilter(filter.name)" t-esc="filter.string"/>
            </t>
          </div>
        </div>
        <div class="o_dropdown o_group_by_menu" t-if="props.model.groupBys.length">
          <button type="button" class="btn btn-light" data-testid="search-groupby" t-on-click="() => this.toggle('groupby')">Group By</button>
          <div t-if="state.open === 'groupby'" class="o_dropdown_menu">
            <t t-foreach="props.model.groupBys" t-as="groupBy" t-key="groupBy.name">
              <a href="#" t-attf-class="o_menu_item {{ props.model.activeGroupBys.includes(groupBy.name) ? 'selected' : '' }}"
                 t-att-data-testid="'groupby-' + groupBy.name" t-on-click.prevent="() => this.toggleGroupBy(groupBy.name)" t-esc="groupBy.string"/>
            </t>
          </div>
        </div>
      </div>
    </div>`;
  static override props = { model: Object, onSearch: Function };

  state = useState({ text: '', active: 0, open: '' as '' | 'filters' | 'groupby' });

  onKeydown(ev: KeyboardEvent) {
    const fields = this.props.model.searchFields;
    if (ev.key === 'ArrowDown') this.state.active = Math.min(this.state.active + 1, fields.length - 1);
    else if (ev.key === 'ArrowUp') this.state.active = Math.max(this.state.active - 1, 0);
    else if (ev.key === 'Enter' && this.state.text && fields[this.state.active]) this.searchField(fields[this.state.active].field);
    else if (ev.key === 'Backspace' && !this.state.text) {
      const last = this.props.model.facets.at(-1);
      if (last) this.removeFacet(last.key);
    }
  }
  searchField(field: string) {
    this.props.model.addFieldQuery(field, this.state.text.trim());
    this.state.text = '';
    this.state.active = 0;
    this.props.onSearch();
  }
  removeFacet(key: string) {
    this.props.model.removeFacet(key);
    this.props.onSearch();
  }
  toggle(menu: 'filters' | 'groupby') {
    this.state.open = this.state.open === menu ? '' : menu;
  }
  toggleFilter(name: string) {
    this.props.model.toggleFilter(name);
    this.props.onSearch();
  }
  toggleGroupBy(name: string) {
    this.props.model.toggleGroupBy(name);
    this.props.onSearch();
  }
}
