import type { ModelContribution } from '../base/orm/registry';
import { AccountAccount } from './models/account_account';
import { AccountTax } from './models/account_tax';
import { AccountFiscalPosition } from './models/account_fiscal_position';
import { AccountFiscalPositionTax } from './models/account_fiscal_position_tax';
import { AccountPaymentMethod } from './models/account_payment_method';
import { AccountPaymentMethodLine } from './models/account_payment_method_line';
import { AccountJournal } from './models/account_journal';
import { ResCompanyAccount } from './models/res_company';
import { AccountMove } from './models/account_move';
import { AccountMoveLine } from './models/account_move_line';
import { AccountPartialReconcile } from './models/account_partial_reconcile';
import { AccountFullReconcile } from './models/account_full_reconcile';
import { AccountPayment } from './models/account_payment';
import { AccountPaymentRegister } from './models/account_payment_register';
import { AccountBankStatement } from './models/account_bank_statement';
import { AccountBankStatementLine } from './models/account_bank_statement_line';
import { AccountMoveSend } from './models/account_move_send';
import { MailMail } from './models/mail_mail';

export const models: ModelContribution[] = [
  AccountAccount, AccountTax, AccountFiscalPosition, AccountFiscalPositionTax, AccountPaymentMethod, AccountPaymentMethodLine,
  AccountJournal, ResCompanyAccount, AccountMove, AccountMoveLine, AccountPartialReconcile, AccountFullReconcile,
  AccountPayment, AccountPaymentRegister, AccountBankStatement, AccountBankStatementLine, AccountMoveSend, MailMail,
];
