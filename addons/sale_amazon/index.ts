/** sale_amazon: the Amazon Seller connector (orders, FBA moves, FBM shipment confirmations). */
import type { HttpRoute } from '../base/http/routes';
import type { Environment } from '../base/orm/environment';
import type { ModelContribution } from '../base/orm/registry';
import { amazonReturn } from './controllers/amazon_return';
import { AccountMoveAmazon } from './models/account_move';
import { AccountPaymentRegisterAmazon } from './models/account_payment_register';
import { AmazonAccount } from './models/amazon_account';
import { AmazonAccountMarketplace } from './models/amazon_account_marketplace';
import { AmazonMarketplace } from './models/amazon_marketplace';
import { AmazonOffer } from './models/amazon_offer';
import { AmazonSyncLog } from './models/amazon_sync_log';
import { AmazonSyncRun } from './models/amazon_sync_run';
import { SaleOrderAmazon } from './models/sale_order';
import { SaleOrderLineAmazon } from './models/sale_order_line';
import { ResCompanyAmazon } from './models/res_company';
import { SaleReportAmazon } from './models/sale_report';
import { StockPickingAmazon } from './models/stock_picking';
import { AmazonAccountLwa } from './services/lwa_account_link';
import { databaseSecret } from './services/lwa_state';
import { AmazonRecoverOrderWizard } from './wizards/recover_order_wizard';
import { AmazonSettings } from './wizards/amazon_settings';

export const models: ModelContribution[] = [
  AmazonMarketplace, AmazonAccount, AmazonAccountLwa, AmazonAccountMarketplace, AmazonOffer, AmazonSyncLog, AmazonSyncRun,
  ResCompanyAmazon, SaleOrderAmazon, SaleOrderLineAmazon, SaleReportAmazon, AccountMoveAmazon, AccountPaymentRegisterAmazon, StockPickingAmazon, AmazonRecoverOrderWizard, AmazonSettings,
];

/** The Login with Amazon return route (the consent page sends the seller back there). */
export const httpRoutes: HttpRoute[] = [amazonReturn];

/** The secret that signs the LWA state exists from install on. */
export async function postInit(env: Environment): Promise<void> {
  await databaseSecret(env);
}

export { commands } from './cli/amazon';
export { startDemoServices } from './services/demo';
