import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import type { Domain } from '../../base/orm/domain';

/**
 * A sales team: a leader, members, a company. Orders and invoices carry a team so sales can
 * be reported per team (and, for the Amazon connector, per marketplace team).
 */
export class CrmTeam extends Model {
  static override _name = 'crm.team';
  static override _description = 'Sales Team';
  static override _order = 'sequence ASC, create_date DESC, id DESC';
  static override _fields = {
    name: fields.char({ string: 'Sales Team', required: true }),
    sequence: fields.integer({ default: 10 }),
    active: fields.boolean({ default: true, help: 'Archive the team to hide it without deleting its history.' }),
    company_id: fields.many2one('res.company', { string: 'Company', index: true, default: (env) => env.companyId() }),
    currency_id: fields.many2one('res.currency', { string: 'Currency', related: 'company_id.currency_id' }),
    user_id: fields.many2one('res.users', { string: 'Team Leader' }),
    member_ids: fields.many2many('res.users', {
      string: 'Salespersons', relation: 'crm_team_member_rel', column1: 'team_id', column2: 'user_id',
    }),
  };

  /**
   * Odoo's crm.team._get_default_team_id: the context's default_team_id, else a team of the
   * current companies the user leads or belongs to, else the first team of those companies.
   */
  async _get_default_team_id(userId?: number | false, domain: Domain = []): Promise<number | false> {
    const uid = userId || this.env.uid;
    const fromContext = this.env.context.default_team_id;
    if (Number.isInteger(fromContext) && fromContext > 0) return fromContext;
    const { companyIds } = await this.env.companies();
    const companyDomain: Domain = ['|', ['company_id', '=', false], ['company_id', 'in', companyIds]];
    const teams = this.sudo();
    const own = await teams._searchIds(
      [...companyDomain, '|', ['user_id', '=', uid], ['member_ids', 'in', [uid]], ...domain], { limit: 1 });
    if (own.length) return own[0];
    const any = await teams._searchIds([...companyDomain, ...domain], { limit: 1 });
    return any[0] ?? false;
  }
}
