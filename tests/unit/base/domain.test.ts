import { andDomains, normalizeDomain, orDomains } from '../../../addons/base/orm/domain';
import { ValidationError } from '../../../addons/base/orm/exceptions';

describe('normalizeDomain', () => {
  test('empty, null and false mean "all records"', () => {
    expect(normalizeDomain([])).toEqual([]);
    expect(normalizeDomain(null)).toEqual([]);
    expect(normalizeDomain(undefined)).toEqual([]);
    expect(normalizeDomain(false)).toEqual([]);
  });

  test('consecutive leaves get the implicit "&" in prefix form', () => {
    const a = ['a', '=', 1], b = ['b', '=', 2], c = ['c', '=', 3];
    expect(normalizeDomain([a])).toEqual([a]);
    expect(normalizeDomain([a, b])).toEqual(['&', a, b]);
    expect(normalizeDomain([a, b, c])).toEqual(['&', '&', a, b, c]);
    expect(normalizeDomain(['|', a, b, c])).toEqual(['&', '|', a, b, c]);
    expect(normalizeDomain([a, '|', b, c])).toEqual(['&', a, '|', b, c]);
    expect(normalizeDomain(['!', a, b])).toEqual(['&', '!', a, b]);
    expect(normalizeDomain(['|', a, '&', b, c])).toEqual(['|', a, '&', b, c]);
  });

  test('operators are lower-cased and "<>" is accepted', () => {
    expect(normalizeDomain([['name', 'ILIKE', 'x']])).toEqual([['name', 'ilike', 'x']]);
    expect(normalizeDomain([['name', 'NOT IN', []]])).toEqual([['name', 'not in', []]]);
    expect(normalizeDomain([['a', '<>', 1]])).toEqual([['a', '<>', 1]]);
  });

  test('constant leaves (1, "=", 1) and (0, "=", 1)', () => {
    const [t] = normalizeDomain([[1, '=', 1]]) as any[];
    const [f] = normalizeDomain([[0, '=', 1]]) as any[];
    expect(t[0]).not.toEqual(f[0]);
    expect(typeof t[0]).toBe('string');
  });

  test.each([
    ['an operator without operands', ['|', ['a', '=', 1]]],
    ['a lone "&"', ['&']],
    ['a lone "!"', ['!']],
    ['"!" at the end', [['a', '=', 1], '!']],
    ['two "|" and two leaves', ['|', '|', ['a', '=', 1], ['b', '=', 1]]],
  ])('arity error: %s', (_label, domain) => {
    expect(() => normalizeDomain(domain)).toThrow(ValidationError);
    expect(() => normalizeDomain(domain)).toThrow(/missing its operands/);
  });

  test.each([
    ['not a list', { name: 'x' }],
    ['a string', 'name = x'],
    ['a leaf of two items', [['name', '=']]],
    ['a leaf of four items', [['name', '=', 'x', 'y']]],
    ['an unknown prefix operator', ['^', ['a', '=', 1], ['b', '=', 1]]],
    ['an empty field name', [['', '=', 1]]],
    ['a numeric field name', [[5, '=', 1]]],
    ['a non-text operator', [['name', 1, 'x']]],
  ])('malformed domain is refused: %s', (_label, domain) => {
    expect(() => normalizeDomain(domain)).toThrow(ValidationError);
  });

  test('an unknown operator is named in the error', () => {
    expect(() => normalizeDomain([['name', 'contains', 'x']])).toThrow(/Invalid operator "contains"/);
  });

  test('every documented operator is accepted', () => {
    for (const op of ['=', '!=', '<', '>', '<=', '>=', 'in', 'not in', 'like', 'ilike', 'not like', 'not ilike', '=like', '=ilike', 'child_of', 'parent_of', '=?']) {
      expect(normalizeDomain([['name', op, 'x']])).toEqual([['name', op, 'x']]);
    }
  });
});

describe('andDomains / orDomains', () => {
  const a: any = ['a', '=', 1], b: any = ['b', '=', 2], c: any = ['c', '=', 3];
  test('and skips empty domains', () => {
    expect(andDomains([], [a])).toEqual([a]);
    expect(andDomains([a], [b], [])).toEqual(['&', a, b]);
    expect(andDomains([a], ['|', b, c])).toEqual(['&', a, '|', b, c]);
    expect(andDomains()).toEqual([]);
  });
  test('or with an empty domain is "all records"', () => {
    expect(orDomains([a], [])).toEqual([]);
    expect(orDomains([a], [b])).toEqual(['|', a, b]);
  });
});
