import type { ModelContribution } from '../base/orm/registry';
import { ProductPricelist } from './models/product_pricelist';
import { ProductTemplateSale } from './models/product_template';
import { ProductProductSale } from './models/product_product';
import { AccountMoveSale } from './models/account_move';
import { AccountMoveLineSale } from './models/account_move_line';
import { SaleOrder } from './models/sale_order';
import { SaleOrderLine } from './models/sale_order_line';
import { SaleAdvancePaymentInv } from './models/sale_advance_payment_inv';
import { SaleReport } from './models/sale_report';

export const models: ModelContribution[] = [
  ProductPricelist, ProductTemplateSale, ProductProductSale, AccountMoveSale, AccountMoveLineSale,
  SaleOrder, SaleOrderLine, SaleAdvancePaymentInv, SaleReport,
];
