/**
 * The template fields a variant shows as its own (Odoo's _inherits delegation). Creating or
 * writing them on a product.product goes to its template.
 */
export const TEMPLATE_FIELDS_ON_VARIANT = [
  'name', 'sequence', 'description', 'description_sale', 'description_purchase', 'type', 'is_storable',
  'categ_id', 'list_price', 'standard_price', 'uom_id', 'uom_po_id', 'sale_ok', 'purchase_ok', 'company_id',
  'weight', 'volume',
] as const;

/** The fields a variant owns; set on a template they are passed to its (single) variant. */
export const VARIANT_OWN_FIELDS = ['default_code', 'barcode'] as const;

/** Splits vals into the keys listed and the rest, without touching the input. */
export function splitVals(vals: Record<string, any>, keys: readonly string[]): [Record<string, any>, Record<string, any>] {
  const picked: Record<string, any> = {};
  const rest: Record<string, any> = {};
  for (const [key, value] of Object.entries(vals)) (keys.includes(key) ? picked : rest)[key] = value;
  return [picked, rest];
}

/** Odoo's "[SKU] Name" display of products. */
export function productDisplayName(name: string, code: string | false | null | undefined): string {
  return code ? `[${code}] ${name}` : name;
}
