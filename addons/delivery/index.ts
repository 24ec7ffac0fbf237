import type { ModelContribution } from '../base/orm/registry';
import { DeliveryCarrier } from './models/delivery_carrier';
import { StockPickingDelivery } from './models/stock_picking';

export const models: ModelContribution[] = [DeliveryCarrier, StockPickingDelivery];
