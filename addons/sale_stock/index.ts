import type { ModelContribution } from '../base/orm/registry';
import { SaleOrderStock } from './models/sale_order';
import { SaleOrderLineStock } from './models/sale_order_line';
import { StockPickingSale } from './models/stock_picking';
import { StockMoveSale } from './models/stock_move';

export const models: ModelContribution[] = [StockPickingSale, StockMoveSale, SaleOrderStock, SaleOrderLineStock];
