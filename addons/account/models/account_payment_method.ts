import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/** How money moves (manual, batch deposit, ...), for incoming or outgoing payments. */
export class AccountPaymentMethod extends Model {
  static override _name = 'account.payment.method';
  static override _description = 'Payment Methods';
  static override _fields = {
    name: fields.char({ required: true }),
    code: fields.char({ required: true }),
    payment_type: fields.selection([['inbound', 'Inbound'], ['outbound', 'Outbound']], { required: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['name_code_unique', 'unique (code, payment_type)', 'A payment method with this code and direction already exists.'],
  ];
}
