import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { ValidationError } from '../../base/orm/exceptions';

/** Product categories as a tree ("All / Saleable"), used for reporting and defaults. */
export class ProductCategory extends Model {
  static override _name = 'product.category';
  static override _description = 'Product Category';
  static override _order = 'complete_name';
  static override _rec_name = 'complete_name';
  static override _parent_name = 'parent_id';
  static override _fields = {
    name: fields.char({ required: true, index: true }),
    complete_name: fields.char({ string: 'Complete Name', compute: '_compute_complete_name', depends: ['name', 'parent_id.complete_name'], store: true }),
    parent_id: fields.many2one('product.category', { string: 'Parent Category', index: true, ondelete: 'cascade' }),
    child_id: fields.one2many('product.category', 'parent_id', { string: 'Child Categories' }),
  };
  static override _constrains = { _check_category_recursion: ['parent_id'] };

  async _compute_complete_name(): Promise<Record<number, Record<string, unknown>>> {
    const rows = await this.sudo().fetch(['name', 'parent_id']);
    const parents = new Map((await this.sudo().browse(rows.filter((r) => r.parent_id).map((r) => r.parent_id)).fetch(['complete_name'])).map((p) => [p.id, p.complete_name]));
    return Object.fromEntries(rows.map((r) => [r.id, { complete_name: r.parent_id ? `${parents.get(r.parent_id) || ''} / ${r.name}` : r.name }]));
  }

  /** A category cannot be its own ancestor: the tree would loop forever. */
  async _check_category_recursion(): Promise<void> {
    for (const id of this.ids) {
      const { rows } = await this.env.cr.query<{ id: number }>(
        `WITH RECURSIVE up(id, depth) AS (SELECT parent_id, 1 FROM product_category WHERE id = $1
           UNION ALL SELECT c.parent_id, up.depth + 1 FROM product_category c JOIN up ON c.id = up.id WHERE up.depth < 100)
         SELECT id FROM up WHERE id = $1 LIMIT 1`, [id]);
      if (rows.length) throw new ValidationError('A product category cannot be placed under itself or one of its own subcategories: choose another parent category.');
    }
  }
}
