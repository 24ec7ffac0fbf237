import { Component, useState, xml } from '@odoo/owl';
import { serviceOf } from './hooks';
import type { ORM } from './orm_service';
import type { Domain } from './domain';

/**
 * The input behind many2one and many2many_tags: name_search as the user types, a dropdown of
 * matches and an optional 'Create "<text>"' entry (name_create).
 */
export class RecordAutocomplete extends Component<{
  resModel: string; value: string; placeholder?: string; id?: string; domain?: Domain; excludeIds?: number[];
  canCreate?: boolean; onSelect: (pair: [number, string] | false) => void;
}> {
  static override template = xml`
    <div class="o_autocomplete">
      <input class="o_input" type="text" autocomplete="off" t-att-id="props.id" t-att-placeholder="props.placeholder or ''"
             t-att-value="state.text" t-on-input="onInput" t-on-focus="onInput" t-on-blur="onBlur" t-on-keydown="onKeydown"/>
      <ul t-if="state.open" class="o_autocomplete_dropdown">
        <t t-foreach="state.results" t-as="result" t-key="result[0]">
          <li class="o_autocomplete_item" t-att-class="{ active: result_index === state.active }" t-on-mousedown.prevent="() => this.select(result)" t-esc="result[1]"/>
        </t>
        <li t-if="props.canCreate and state.text.trim()" class="o_autocomplete_create" t-on-mousedown.prevent="create">Create "<t t-esc="state.text.trim()"/>"</li>
        <li t-if="!state.results.length and !(props.canCreate and state.text.trim())" class="o_autocomplete_empty">No records</li>
      </ul>
    </div>`;
  static override props = {
    resModel: String, value: String, placeholder: { type: String, optional: true }, id: { type: String, optional: true },
    domain: { type: Array, optional: true }, excludeIds: { type: Array, optional: true }, canCreate: { type: Boolean, optional: true },
    onSelect: Function,
  };

  orm = serviceOf<ORM>(this, 'orm');
  state = useState({ text: this.props.value, open: false, results: [] as Array<[number, string]>, active: 0 });
  private searchSeq = 0;

  async onInput(ev: Event) {
    this.state.text = (ev.target as HTMLInputElement).value;
    const seq = ++this.searchSeq;
    const results = await this.orm.nameSearch(this.props.resModel, this.state.text, this.props.domain ?? [], 8);
    if (seq !== this.searchSeq) return; // a newer keystroke won
    const excluded = new Set(this.props.excludeIds ?? []);
    this.state.results = results.filter(([id]) => !excluded.has(id));
    this.state.active = 0;
    this.state.open = true;
  }
  onBlur() {
    this.state.open = false;
    if (!this.state.text.trim() && this.props.value) this.props.onSelect(false);
    else this.state.text = this.props.value;
  }
  onKeydown(ev: KeyboardEvent) {
    if (!this.state.open) return;
    if (ev.key === 'ArrowDown') this.state.active = Math.min(this.state.active + 1, this.state.results.length - 1);
    else if (ev.key === 'ArrowUp') this.state.active = Math.max(this.state.active - 1, 0);
    else if (ev.key === 'Enter' && this.state.results[this.state.active]) {
      ev.preventDefault();
      this.select(this.state.results[this.state.active]);
    } else if (ev.key === 'Escape') this.state.open = false;
  }
  select(result: [number, string]) {
    this.state.open = false;
    this.state.text = result[1];
    this.props.onSelect(result);
  }
  async create() {
    const pair = await this.orm.call(this.props.resModel, 'name_create', [this.state.text.trim()]);
    this.select(pair);
  }
}
