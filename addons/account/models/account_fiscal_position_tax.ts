import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/** One mapping line of a fiscal position: this tax becomes that one (or none). */
export class AccountFiscalPositionTax extends Model {
  static override _name = 'account.fiscal.position.tax';
  static override _description = 'Tax Mapping of Fiscal Position';
  static override _rec_name = 'position_id';
  static override _fields = {
    position_id: fields.many2one('account.fiscal.position', { string: 'Fiscal Position', required: true, ondelete: 'cascade', index: true }),
    tax_src_id: fields.many2one('account.tax', { string: 'Tax on Product', required: true, ondelete: 'cascade' }),
    tax_dest_id: fields.many2one('account.tax', { string: 'Tax to Apply', ondelete: 'cascade', help: 'Empty: the tax is removed.' }),
    company_id: fields.many2one('res.company', { related: 'position_id.company_id', store: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['tax_src_dest_uniq', 'unique (position_id, tax_src_id, tax_dest_id)', 'A tax fiscal position could be defined only one time on same taxes.'],
  ];
}
