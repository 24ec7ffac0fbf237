import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { ValidationError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';
import type { Environment } from '../../base/orm/environment';
import { VARIANT_OWN_FIELDS, productDisplayName, splitVals } from './product_fields';

/**
 * What is sold or bought. Each template has exactly one variant (product.product), created
 * with it; the variant holds the internal reference (SKU) and barcode, which read through here.
 */
export class ProductTemplate extends Model {
  static override _name = 'product.template';
  static override _description = 'Product';
  static override _order = 'sequence, name, id';
  static override _fields = {
    name: fields.char({ string: 'Name', required: true, index: true }),
    sequence: fields.integer({ default: 1 }),
    description: fields.text(),
    description_sale: fields.text({ string: 'Sales Description', help: 'Copied to sales order lines and invoices.' }),
    description_purchase: fields.text({ string: 'Purchase Description' }),
    type: fields.selection([['consu', 'Goods'], ['service', 'Service']], { string: 'Product Type', default: 'consu', required: true }),
    is_storable: fields.boolean({ string: 'Track Inventory', default: false, help: 'Goods whose quantity on hand is tracked in stock.' }),
    categ_id: fields.many2one('product.category', { string: 'Product Category', required: true, default: (env: Environment) => env.refId('product.product_category_all') }),
    list_price: fields.float({ string: 'Sales Price', default: 1.0, digits: [16, 2] }),
    standard_price: fields.float({ string: 'Cost', default: 0, digits: [16, 2] }),
    uom_id: fields.many2one('uom.uom', { string: 'Unit of Measure', required: true, default: (env: Environment) => env.refId('uom.product_uom_unit') }),
    uom_po_id: fields.many2one('uom.uom', { string: 'Purchase Unit', required: true, default: (env: Environment) => env.refId('uom.product_uom_unit') }),
    sale_ok: fields.boolean({ string: 'Can be Sold', default: true }),
    purchase_ok: fields.boolean({ string: 'Can be Purchased', default: true }),
    active: fields.boolean({ default: true }),
    company_id: fields.many2one('res.company', { string: 'Company', index: true, help: 'Empty: shared between companies.' }),
    weight: fields.float({ digits: [16, 3] }),
    volume: fields.float({ digits: [16, 4] }),
    default_code: fields.char({ string: 'Internal Reference', compute: '_compute_variant_codes', search: '_search_default_code' }),
    barcode: fields.char({ compute: '_compute_variant_codes', search: '_search_barcode' }),
    product_variant_ids: fields.one2many('product.product', 'product_tmpl_id', { string: 'Products' }),
    product_variant_id: fields.many2one('product.product', { string: 'Product', compute: '_compute_variant_codes' }),
    product_variant_count: fields.integer({ string: '# Product Variants', compute: '_compute_variant_codes' }),
  };
  static override _constrains = { _check_storable_goods: ['type', 'is_storable'], _check_uom_category: ['uom_id', 'uom_po_id'] };

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const split = list.map((vals) => splitVals(vals ?? {}, VARIANT_OWN_FIELDS));
    const templates = await super.create(split.map(([, own]) => own));
    // product.product.create makes its own template and asks us not to add a variant.
    if (this.env.context.create_product_product !== false) {
      await this.env.model('product.product').sudo().create(templates.ids.map((id, i) => ({ ...split[i][0], product_tmpl_id: id })));
    }
    return templates;
  }

  override async write(vals: Vals): Promise<true> {
    const [variantVals, own] = splitVals(vals ?? {}, VARIANT_OWN_FIELDS);
    if (Object.keys(own).length) await super.write(own);
    else await this.checkAccess('write');
    const variants = await this._variants();
    if (Object.keys(variantVals).length && variants.length) await variants.write(variantVals);
    // Archiving a product archives what is sold and stocked: its variants.
    if ('active' in own && variants.length) await variants.withContext({ from_template: true }).write({ active: own.active });
    return true;
  }

  /** Every variant of these templates, archived ones included. */
  async _variants(): Promise<Model> {
    return this.env.model('product.product').sudo().withContext({ active_test: false }).search([['product_tmpl_id', 'in', this.ids]]);
  }

  async _compute_variant_codes(): Promise<Record<number, Vals>> {
    const variants = await (await this._variants()).fetch(['product_tmpl_id', 'default_code', 'barcode', 'active']);
    const result: Record<number, Vals> = {};
    for (const id of this.ids) {
      const mine = variants.filter((v) => v.product_tmpl_id === id);
      const single = mine.length === 1 ? mine[0] : undefined;
      result[id] = {
        default_code: single?.default_code ?? false,
        barcode: single?.barcode ?? false,
        product_variant_id: (mine.find((v) => v.active) ?? mine[0])?.id ?? false,
        product_variant_count: mine.length,
      };
    }
    return result;
  }

  _search_default_code(operator: string, value: unknown): unknown[] {
    return [['product_variant_ids.default_code', operator, value]];
  }

  _search_barcode(operator: string, value: unknown): unknown[] {
    return [['product_variant_ids.barcode', operator, value]];
  }

  override async _displayNames(): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    const codes = await this._compute_variant_codes();
    for (const row of await this.sudo().fetch(['name'])) names.set(row.id, productDisplayName(row.name, codes[row.id]?.default_code));
    return names;
  }

  /** Stock cannot count a service: only goods may track inventory. */
  async _check_storable_goods(): Promise<void> {
    for (const row of await this.sudo().fetch(['name', 'type', 'is_storable'])) {
      if (row.type === 'service' && row.is_storable) {
        throw new ValidationError(`"${row.name}" is a service, so it cannot track inventory: set its type to Goods or untick Track Inventory.`);
      }
    }
  }

  /** Purchase and sale units must convert into each other. */
  async _check_uom_category(): Promise<void> {
    for (const row of await this.sudo().fetch(['name', 'uom_id', 'uom_po_id'])) {
      const units = await this.env.model('uom.uom').sudo().browse([row.uom_id, row.uom_po_id]).fetch(['category_id']);
      if (new Set(units.map((u) => u.category_id)).size > 1) {
        throw new ValidationError(`The purchase unit of "${row.name}" measures something else than its unit of measure: pick units of the same category.`);
      }
    }
  }
}
