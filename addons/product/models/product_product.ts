import { Model } from '../../base/orm/model';
import { Field, fields } from '../../base/orm/fields';
import { andDomains, normalizeDomain } from '../../base/orm/domain';
import type { Vals } from '../../base/orm/values';
import type { ModelMeta } from '../../base/orm/registry';
import { TEMPLATE_FIELDS_ON_VARIANT, productDisplayName, splitVals } from './product_fields';

/** The template's fields, readable (and writable, through the template) on the variant. */
function relatedTemplateFields(): Record<string, Field> {
  const related: Record<string, Field> = {};
  const kinds: Record<string, () => Field> = {
    name: () => fields.char({ string: 'Name' }),
    sequence: () => fields.integer(),
    description: () => fields.text(),
    description_sale: () => fields.text({ string: 'Sales Description' }),
    description_purchase: () => fields.text({ string: 'Purchase Description' }),
    type: () => fields.selection([['consu', 'Goods'], ['service', 'Service']], { string: 'Product Type' }),
    is_storable: () => fields.boolean({ string: 'Track Inventory' }),
    categ_id: () => fields.many2one('product.category', { string: 'Product Category' }),
    list_price: () => fields.float({ string: 'Sales Price', digits: [16, 2] }),
    standard_price: () => fields.float({ string: 'Cost', digits: [16, 2] }),
    uom_id: () => fields.many2one('uom.uom', { string: 'Unit of Measure' }),
    uom_po_id: () => fields.many2one('uom.uom', { string: 'Purchase Unit' }),
    sale_ok: () => fields.boolean({ string: 'Can be Sold' }),
    purchase_ok: () => fields.boolean({ string: 'Can be Purchased' }),
    company_id: () => fields.many2one('res.company', { string: 'Company' }),
    weight: () => fields.float({ digits: [16, 3] }),
    volume: () => fields.float({ digits: [16, 4] }),
  };
  for (const name of TEMPLATE_FIELDS_ON_VARIANT) {
    const field = kinds[name]();
    // The company is stored (and indexed) so that company rules filter variants in SQL, as in Odoo.
    const stored = name === 'company_id' ? { store: true, index: true } : {};
    related[name] = new Field(field.type, { ...field.options, related: `product_tmpl_id.${name}`, readonly: false, ...stored });
  }
  return related;
}

/**
 * The fields a variant delegates to its template: those related to the template field of the
 * same name, including the ones other addons add (e.g. sale's customer taxes), so writing them
 * on a variant writes the template, as Odoo's _inherits does.
 */
function templateFieldNames(meta: ModelMeta): string[] {
  return [...meta.fields.values()].filter((field) => field.options.related === `product_tmpl_id.${field.name}`).map((field) => field.name);
}

/**
 * A product variant: what stock moves, order lines and invoices point to. It owns the
 * internal reference (SKU) and barcode; everything else is its template's.
 */
export class ProductProduct extends Model {
  static override _name = 'product.product';
  static override _description = 'Product Variant';
  static override _order = 'default_code, id';
  static override _fields = {
    product_tmpl_id: fields.many2one('product.template', { string: 'Product Template', required: true, index: true, ondelete: 'cascade' }),
    default_code: fields.char({ string: 'Internal Reference', index: true }),
    barcode: fields.char({ copy: false, index: true, help: 'International Article Number used for product identification.' }),
    active: fields.boolean({ default: true }),
    ...relatedTemplateFields(),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['barcode_uniq', 'unique(barcode)', 'This barcode is already used by another product: each product needs its own barcode.'],
  ];

  /** Creating a variant with template values creates its template first, as Odoo's _inherits does. */
  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) {
      const [templateVals, own] = splitVals(vals ?? {}, templateFieldNames(this._meta));
      if (own.product_tmpl_id) {
        if (Object.keys(templateVals).length) await this.env.model('product.template').browse([own.product_tmpl_id]).write(templateVals);
      } else {
        const template = await this.env.model('product.template').withContext({ create_product_product: false }).create(templateVals);
        own.product_tmpl_id = template.ids[0];
      }
      prepared.push(own);
    }
    return super.create(prepared);
  }

  override async write(vals: Vals): Promise<true> {
    const [templateVals, own] = splitVals(vals ?? {}, templateFieldNames(this._meta));
    if (Object.keys(own).length) await super.write(own);
    else await this.checkAccess('write');
    if (Object.keys(templateVals).length) await this.env.model('product.template').browse(await this._templateIds()).write(templateVals);
    return true;
  }

  /** A template without variants is meaningless: it goes with its last variant. */
  override async unlink(): Promise<true> {
    const templateIds = await this._templateIds();
    await super.unlink();
    const { rows } = await this.env.cr.query<{ id: number }>(
      'SELECT t.id FROM product_template t WHERE t.id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM product_product p WHERE p.product_tmpl_id = t.id)', [templateIds]);
    if (rows.length) await this.env.model('product.template').browse(rows.map((r) => r.id)).unlink();
    return true;
  }

  async _templateIds(): Promise<number[]> {
    if (!this.ids.length) return [];
    const { rows } = await this.env.cr.query<{ t: number }>('SELECT DISTINCT product_tmpl_id AS t FROM product_product WHERE id = ANY($1::int[])', [this.ids]);
    return rows.map((r) => r.t);
  }

  override async _displayNames(): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    for (const row of await this.sudo().withContext({ active_test: false }).fetch(['name', 'default_code'])) names.set(row.id, productDisplayName(row.name, row.default_code));
    return names;
  }

  /** Finds products by name, internal reference or barcode, as the sales line picker does. */
  override async name_search(name = '', domain: unknown = [], operator = 'ilike', limit: number | null = 100): Promise<Array<[number, string]>> {
    const byName = name ? ['|', '|', ['default_code', operator, name], ['barcode', operator, name], ['name', operator, name]] : [];
    const records = await this.search(andDomains(normalizeDomain(domain), normalizeDomain(byName)), { limit });
    const names = await records._displayNames();
    return records.ids.map((id) => [id, names.get(id) ?? '']);
  }
}
