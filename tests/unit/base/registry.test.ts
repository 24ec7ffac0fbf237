import { Registry, extend } from '../../../addons/base/orm/registry';
import { models as baseModels } from '../../../addons/base/index';
import { fields } from '../../../addons/base/orm/fields';
import { Model } from '../../../addons/base/orm/model';
import { Environment } from '../../../addons/base/orm/environment';
import type { Cursor } from '../../../addons/base/db/database';

const noCursor = {} as Cursor;

class Gadget extends Model {
  static override _name = 'test.gadget';
  static override _fields = { name: fields.char() };
  static override _public = ['record_thing'];
  static override _public_model = ['model_thing'];
}

describe('Registry', () => {
  test('two registries in one process keep their own view of a shared model class', () => {
    const plain = new Registry();
    plain.register('base', baseModels);
    plain.setup();
    const extended = new Registry();
    extended.register('base', baseModels);
    extended.register('test_extra', [extend('res.partner', (Base) => class extends Base {
      static override _fields = { x_loyalty: fields.integer() };
    })]);
    extended.setup();
    // Set up the plain one again last: before, the last setup won for every registry.
    const third = new Registry();
    third.register('base', baseModels);
    third.setup();

    expect(extended.meta('res.partner').fields.has('x_loyalty')).toBe(true);
    expect(plain.meta('res.partner').fields.has('x_loyalty')).toBe(false);
    const fromExtended = new Environment(extended, noCursor, 1).model('res.partner');
    const fromPlain = new Environment(plain, noCursor, 1).model('res.partner');
    expect(fromExtended._meta.fields.has('x_loyalty')).toBe(true);
    expect(fromPlain._meta.fields.has('x_loyalty')).toBe(false);
    expect(fromPlain._meta).toBe(plain.meta('res.partner'));
    // A model without extensions (res.country) also gets a class of its own per registry.
    expect(plain.meta('res.country').cls).not.toBe(third.meta('res.country').cls);
    expect(new Environment(plain, noCursor, 1).model('res.country')._meta).toBe(plain.meta('res.country'));
    expect(plain.meta('res.country').cls.name).toBe('ResCountry');
  });

  test('_public and _public_model merge across the class chain; model methods are also public', () => {
    const registry = new Registry();
    registry.register('base', baseModels);
    registry.register('test_gadget', [Gadget]);
    registry.register('test_gadget_more', [extend('test.gadget', (Base) => class extends Base {
      static override _public = ['record_other'];
      static override _public_model = ['model_other'];
    })]);
    registry.setup();
    const meta = registry.meta('test.gadget');
    expect([...meta.modelMethods].sort()).toEqual(expect.arrayContaining(['model_other', 'model_thing']));
    expect(meta.modelMethods.has('record_thing')).toBe(false);
    for (const method of ['record_thing', 'record_other', 'model_thing', 'model_other']) expect(Model.isPublicMethod(meta, method)).toBe(true);
    expect(Model.isPublicMethod(meta, 'unlisted')).toBe(false);
    expect(registry.meta('res.partner').modelMethods.has('model_thing')).toBe(false);
  });
});
