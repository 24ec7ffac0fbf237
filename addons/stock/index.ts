import type { ModelContribution } from '../base/orm/registry';
import { StockLocation } from './models/stock_location';
import { StockWarehouse } from './models/stock_warehouse';
import { StockPickingType } from './models/stock_picking_type';
import { StockPicking } from './models/stock_picking';
import { StockMove } from './models/stock_move';
import { StockMoveLine } from './models/stock_move_line';
import { StockQuant } from './models/stock_quant';
import { StockWarehouseOrderpoint } from './models/stock_warehouse_orderpoint';
import { StockBackorderConfirmation } from './wizard/stock_backorder_confirmation';
import { ProductProductStock, ProductTemplateStock } from './models/product_product';
import { ResCompanyStock } from './models/res_company';

export const models: ModelContribution[] = [
  StockLocation, StockWarehouse, StockPickingType, StockPicking, StockMove, StockMoveLine, StockQuant,
  StockWarehouseOrderpoint, StockBackorderConfirmation, ProductProductStock, ProductTemplateStock, ResCompanyStock,
];
