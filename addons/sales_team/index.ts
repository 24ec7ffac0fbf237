import type { ModelContribution } from '../base/orm/registry';
import { CrmTeam } from './models/crm_team';
import { ResCompanySalesTeam } from './models/res_company';

export const models: ModelContribution[] = [CrmTeam, ResCompanySalesTeam];
