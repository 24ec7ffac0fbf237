/** Version 1.0 of the test addon test_upgrade (see upgrade.test.ts). */
import { Model } from '../../../../addons/base/orm/model';
import { fields } from '../../../../addons/base/orm/fields';

export class UpgradeItemV1 extends Model {
  static override _name = 'test.upgrade.item';
  static override _description = 'Upgrade Test Item';
  static override _fields = {
    name: fields.char({ required: true }),
    size: fields.integer(),
    note: fields.char(),
    code: fields.char(),
  };
}

export const models = [UpgradeItemV1];
