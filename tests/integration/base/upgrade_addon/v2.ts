/** Version 2.0 of test_upgrade: note char -> text, size integer -> float, new required fields with defaults. */
import { Model } from '../../../../addons/base/orm/model';
import { fields } from '../../../../addons/base/orm/fields';

export class UpgradeItemV2 extends Model {
  static override _name = 'test.upgrade.item';
  static override _description = 'Upgrade Test Item';
  static override _fields = {
    name: fields.char({ required: true }),
    size: fields.float(),
    note: fields.text(),
    code: fields.char({ required: true, default: () => 'legacy' }),
    kind: fields.selection([['standard', 'Standard'], ['special', 'Special']], { required: true, default: 'standard' }),
    flag: fields.boolean({ default: true }),
  };
}

export const models = [UpgradeItemV2];
