import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/** Units convert only within one category (Unit, Weight...): dozens to units, grams to kg. */
export class UomCategory extends Model {
  static override _name = 'uom.category';
  static override _description = 'Product UoM Categories';
  static override _order = 'name';
  static override _fields = {
    name: fields.char({ string: 'Unit of Measure Category', required: true }),
    uom_ids: fields.one2many('uom.uom', 'category_id', { string: 'Units of Measure' }),
  };
}
