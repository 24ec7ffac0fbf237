import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';

/**
 * The "Create Backorder?" question asked when a transfer is validated with less than its
 * demand: `process` keeps the rest in a backorder, `process_cancel_backorder` cancels it.
 */
export class StockBackorderConfirmation extends Model {
  static override _name = 'stock.backorder.confirmation';
  static override _description = 'Backorder Confirmation';
  static override _fields = {
    pick_ids: fields.many2many('stock.picking', { string: 'Transfers', relation: 'stock_picking_backorder_rel', column1: 'wizard_id', column2: 'picking_id' }),
    show_transfers: fields.boolean({ default: false }),
  };
  static override _public = ['process', 'process_cancel_backorder'];

  /** Validates the transfers and puts what was not moved in backorders. */
  async process(): Promise<boolean | Record<string, unknown>> {
    return this._validate(false);
  }

  /** Validates the transfers and cancels what was not moved. */
  async process_cancel_backorder(): Promise<boolean | Record<string, unknown>> {
    return this._validate(true);
  }

  private async _validate(cancelRest: boolean): Promise<boolean | Record<string, unknown>> {
    const pickingIds = await this._pickingIds();
    const context: Record<string, unknown> = { skip_backorder: true };
    if (cancelRest) context.picking_ids_not_to_backorder = pickingIds;
    const pickings = this.env.model('stock.picking').withContext(context).browse(pickingIds) as any;
    return pickings.button_validate();
  }

  /** The wizard's transfers, or those of the validation that opened it (context). */
  private async _pickingIds(): Promise<number[]> {
    const fromWizard = (await this.fetch(['pick_ids'])).flatMap((w) => w.pick_ids as number[]);
    const fromContext = this.env.context.button_validate_picking_ids;
    const ids = [...new Set([...fromWizard, ...(Array.isArray(fromContext) ? fromContext.filter(Number.isInteger) : [])])];
    if (!ids.length) throw new UserError('No transfer to validate: open this dialog from a transfer\'s Validate button.');
    return ids;
  }
}
