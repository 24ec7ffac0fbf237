import { Component, xml } from '@odoo/owl';

/** "1-80 / 213" with previous / next, as Odoo's pager. */
export class Pager extends Component<{ offset: number; limit: number; total: number; onChange: (offset: number) => void }> {
  static override template = xml`
    <div class="o_pager" t-if="props.total">
      <span class="o_pager_value"><t t-esc="props.offset + 1"/>-<t t-esc="Math.min(props.offset + props.limit, props.total)"/></span>
      / <span class="o_pager_limit" t-esc="props.total"/>
      <button type="button" class="btn btn-light o_pager_previous" title="Previous" t-on-click="previous">‹</button>
      <button type="button" class="btn btn-light o_pager_next" title="Next" t-on-click="next">›</button>
    </div>`;
  static override props = ['offset', 'limit', 'total', 'onChange'];

  previous() {
    const { offset, limit, total } = this.props;
    this.props.onChange(offset - limit < 0 ? Math.max(0, Math.floor((total - 1) / limit) * limit) : offset - limit);
  }
  next() {
    const { offset, limit, total } = this.props;
    this.props.onChange(offset + limit >= total ? 0 : offset + limit);
  }
}
