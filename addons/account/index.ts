import type { ModelContribution } from '../base/orm/registry';
import { AccountAccount } from './models/account_account';
import { AccountTax } from './models/account_tax';
import { AccountFiscalPosition } from './models/account_fiscal_position';
import { AccountFiscalPositionTax } from './models/account_fiscal_position_tax';
import { AccountPaymentMethod } from './models/account_payment_method';
import { AccountPaymentMethodLine } from './models/account_payment_method_line';
import { AccountJournal } from './models/account_journal';
import { ResCompanyAccount } from './models/res_company';

export const models: ModelContribution[] = [
  AccountAccount, AccountTax, AccountFiscalPosition, AccountFiscalPositionTax, AccountPaymentMethod, AccountPaymentMethodLine,
  AccountJournal, ResCompanyAccount,
];
