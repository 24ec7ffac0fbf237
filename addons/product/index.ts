import type { ModelContribution } from '../base/orm/registry';
import { UomCategory } from './models/uom_category';
import { UomUom } from './models/uom_uom';
import { ProductCategory } from './models/product_category';
import { ProductTemplate } from './models/product_template';
import { ProductProduct } from './models/product_product';

export const models: ModelContribution[] = [UomCategory, UomUom, ProductCategory, ProductTemplate, ProductProduct];
