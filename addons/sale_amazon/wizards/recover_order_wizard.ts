import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import type { Vals } from '../../base/orm/values';
import { recoverOrder } from '../services/order_import';

/** "Recover Order": imports one Amazon order by its reference, e.g. one that predates the cursor. */
export class AmazonRecoverOrderWizard extends Model {
  static override _name = 'amazon.recover.order.wizard';
  static override _description = 'Recover an Amazon Order';
  static override _fields = {
    account_id: fields.many2one('amazon.account', { string: 'Account', required: true, ondelete: 'cascade', default: (env) => env.context.active_id ?? false }),
    amazon_order_ref: fields.char({ string: 'Amazon Order Reference', required: true, help: 'As shown in Seller Central, e.g. 123-1234567-1234567.' }),
  };
  static override _public = ['action_recover_order'];

  async action_recover_order(): Promise<Vals> {
    const [wizard] = await this.fetch(['account_id', 'amazon_order_ref']);
    const orderId = await recoverOrder(this.env, wizard.account_id, wizard.amazon_order_ref);
    return { type: 'ir.actions.act_window', res_model: 'sale.order', res_id: orderId, views: [[false, 'form']], target: 'current' };
  }
}
