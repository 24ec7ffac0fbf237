import { extend } from '../../base/orm/registry';

/** New bank journals offer Batch Deposit besides Manual. */
export const AccountJournalBatch = extend('account.journal', (Base) => class extends Base {
  async _defaultPaymentMethodCodes(): Promise<string[]> {
    return [...(await super._defaultPaymentMethodCodes()), 'batch_payment'];
  }
});
