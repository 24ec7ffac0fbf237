/** Version 3.0 of test_upgrade: code char -> integer, which the existing values cannot follow. */
import { Model } from '../../../../addons/base/orm/model';
import { fields } from '../../../../addons/base/orm/fields';

export class UpgradeItemV3 extends Model {
  static override _name = 'test.upgrade.item';
  static override _description = 'Upgrade Test Item';
  static override _fields = {
    name: fields.char({ required: true }),
    size: fields.float(),
    note: fields.text(),
    code: fields.integer(),
    kind: fields.selection([['standard', 'Standard'], ['special', 'Special']], { required: true, default: 'standard' }),
    flag: fields.boolean({ default: true }),
  };
}

export const models = [UpgradeItemV3];
