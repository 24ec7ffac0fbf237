import type { ModelContribution } from './orm/registry';
import { IrModelData } from './models/ir_model_data';
import { IrModuleModule } from './models/ir_module_module';
import { IrModelAccess } from './models/ir_model_access';
import { IrRule } from './models/ir_rule';
import { ResGroups } from './models/res_groups';
import { ResUsers } from './models/res_users';
import { ResCompany } from './models/res_company';
import { ResPartner } from './models/res_partner';
import { ResCurrency } from './models/res_currency';
import { ResCurrencyRate } from './models/res_currency_rate';
import { ResCountry } from './models/res_country';
import { ResCountryState } from './models/res_country_state';
import { IrSequence } from './models/ir_sequence';
import { IrConfigParameter } from './models/ir_config_parameter';
import { IrCron } from './models/ir_cron';
import { MailMessage } from './models/mail_message';
import { MailActivity } from './models/mail_activity';

export const models: ModelContribution[] = [
  IrModelData, IrModuleModule, IrModelAccess, IrRule, ResGroups, ResUsers, ResCompany, ResPartner,
  ResCurrency, ResCurrencyRate, ResCountry, ResCountryState, IrSequence, IrConfigParameter, IrCron,
  MailMessage, MailActivity,
];
