import { Model } from '../orm/model';
import { fields } from '../orm/fields';
import { ValidationError } from '../orm/exceptions';
import { normalizeDomain } from '../orm/domain';

/**
 * Record rules: a domain (JSON) restricting which records a user sees or changes.
 * Rules without groups apply to everybody; placeholders $uid, $company_id, $company_ids.
 */
export class IrRule extends Model {
  static override _name = 'ir.rule';
  static override _description = 'Record Rule';
  static override _fields = {
    name: fields.char({ required: true }),
    model: fields.char({ string: 'Model', required: true, index: true }),
    domain_force: fields.text({ string: 'Domain', required: true, default: '[]' }),
    groups: fields.many2many('res.groups', { relation: 'rule_group_rel', column1: 'rule_group_id', column2: 'group_id' }),
    perm_read: fields.boolean({ default: true }),
    perm_write: fields.boolean({ default: true }),
    perm_create: fields.boolean({ default: true }),
    perm_unlink: fields.boolean({ default: true }),
    active: fields.boolean({ default: true }),
  };
  static override _constrains = { _check_domain: ['domain_force'] };

  async _check_domain(): Promise<void> {
    for (const rule of await this.fetch(['domain_force', 'name'])) {
      try {
        normalizeDomain(JSON.parse(rule.domain_force));
      } catch (error) {
        throw new ValidationError(`The domain of the rule "${rule.name}" is invalid: ${(error as Error).message}`);
      }
    }
  }
}
