import type { ModelContribution } from '../base/orm/registry';
import { AccountBatchPayment } from './models/account_batch_payment';
import { AccountPaymentBatch } from './models/account_payment';
import { AccountJournalBatch } from './models/account_journal';

export const models: ModelContribution[] = [AccountBatchPayment, AccountPaymentBatch, AccountJournalBatch];
