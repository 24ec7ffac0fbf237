/** Defaults of x2many fields given as commands (a wizard opened with default_pick_ids: [[4, id]]). */
import { toClientValues, x2manyIds } from '../../static/web/src/views/record';

test('x2manyIds reads ids and the link / replace commands default_get may return', () => {
  expect(x2manyIds([3, 4])).toEqual([3, 4]);
  expect(x2manyIds([[4, 7], [4, 8]])).toEqual([7, 8]);
  expect(x2manyIds([[6, 0, [1, 2]], [4, 3]])).toEqual([1, 2, 3]);
  expect(x2manyIds(false)).toEqual([]);
});

test('a new record whose many2many default is [[4, id]] reads that record, not the command', async () => {
  const reads: unknown[] = [];
  const orm = { read: async (model: string, ids: number[]) => { reads.push([model, ids]); return ids.map((id) => ({ id, display_name: `WH/OUT/0000${id}` })); } };
  const config = { orm, resModel: 'stock.backorder.confirmation', fields: { pick_ids: { type: 'many2many', relation: 'stock.picking' } }, models: {}, activeFields: { pick_ids: { field: 'pick_ids' } }, context: {} };
  const data = await toClientValues(config as never, ['pick_ids'], { pick_ids: [[4, 1]] });
  expect(reads).toEqual([['stock.picking', [1]]]);
  expect(data.pick_ids).toEqual([[1, 'WH/OUT/00001']]);
});
