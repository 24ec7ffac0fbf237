import { extend } from '../../base/orm/registry';
import type { Vals } from '../../base/orm/values';

/** Every company starts with a "Sales" team, so orders always have a team to report under. */
export const ResCompanySalesTeam = extend('res.company', (Base) => class extends Base {
  override async create(valsList: Vals | Vals[]) {
    const companies = await super.create(valsList);
    const teams = this.env.model('crm.team').sudo();
    await teams.create(companies.ids.map((id: number) => ({ name: 'Sales', company_id: id })));
    return companies;
  }
});
