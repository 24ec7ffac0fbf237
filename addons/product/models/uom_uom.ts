import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';

/**
 * A unit of measure. `factor` is how many of this unit make one reference unit of the
 * category (Dozens: 1/12; grams: 1000 per kg), as in Odoo, so conversions are qty / factor * factor.
 */
export class UomUom extends Model {
  static override _name = 'uom.uom';
  static override _description = 'Product Unit of Measure';
  static override _order = 'factor desc, id';
  static override _fields = {
    name: fields.char({ string: 'Unit of Measure', required: true }),
    category_id: fields.many2one('uom.category', { string: 'Category', required: true, ondelete: 'restrict' }),
    factor: fields.float({ string: 'Ratio', default: 1.0, required: true, digits: [12, 12] }),
    rounding: fields.float({ string: 'Rounding Precision', default: 0.01, required: true, digits: [12, 12] }),
    uom_type: fields.selection([['bigger', 'Bigger than the reference Unit of Measure'], ['reference', 'Reference Unit of Measure for this category'], ['smaller', 'Smaller than the reference Unit of Measure']], { string: 'Type', default: 'reference', required: true }),
    active: fields.boolean({ default: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['factor_gt_zero', 'CHECK (factor > 0)', 'The ratio of a unit of measure must be greater than 0: set how many of this unit make one reference unit.'],
    ['rounding_gt_zero', 'CHECK (rounding > 0)', 'The rounding precision of a unit of measure must be greater than 0 (e.g. 0.01 or 1).'],
  ];

  /** Converts qty of this unit into toUnit (same category), rounded up to toUnit's precision like Odoo. */
  async _compute_quantity(qty: number, toUnit: UomUom | number, round = true): Promise<number> {
    if (typeof qty !== 'number' || !Number.isFinite(qty)) throw new ValidationError(`A quantity to convert must be a number, got ${JSON.stringify(qty)}.`);
    const targetId = typeof toUnit === 'number' ? toUnit : toUnit.ensureOne();
    const sourceId = this.ensureOne();
    const rows = await this.sudo().browse([sourceId, targetId]).fetch(['name', 'category_id', 'factor', 'rounding']);
    const source = rows.find((r) => r.id === sourceId)!;
    const target = rows.find((r) => r.id === targetId)!;
    if (sourceId === targetId) return round ? roundToPrecision(qty, source.rounding) : qty;
    if (source.category_id !== target.category_id) {
      throw new UserError(`${source.name} cannot be converted to ${target.name}: they measure different things (units of different categories). Pick a unit of the same category.`);
    }
    const converted = (qty / source.factor) * target.factor;
    return round ? roundToPrecision(converted, target.rounding) : converted;
  }
}

/** Rounds half-up to a precision such as 0.01 or 1, avoiding binary noise (0.1 + 0.2). */
export function roundToPrecision(value: number, precision: number): number {
  if (!precision) return value;
  const steps = Math.round(Number((value / precision).toFixed(9)));
  const digits = Math.max(0, Math.ceil(-Math.log10(precision)));
  return Number((steps * precision).toFixed(digits));
}
