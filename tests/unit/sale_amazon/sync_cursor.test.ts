import { cursorEffect } from '../../../addons/sale_amazon/services/sync_cursor';

describe('what moving Last Order Sync does', () => {
  const now = '2026-03-10 12:00:00';
  const reached = '2026-03-10 11:00:00';

  test('where the last run stopped, or never synchronised and not in the future: nothing to say', () => {
    expect(cursorEffect(reached, reached, now)).toBe(false);
    expect(cursorEffect('2026-03-01 00:00:00', false, now)).toBe(false);
    expect(cursorEffect(false, reached, now)).toBe(false);
  });

  test('a date before the point reached re-reads orders without duplicating them', () => {
    expect(cursorEffect('2026-03-01 00:00:00', reached, now)).toBe(
      'The next synchronisation reads again every order changed since 2026-03-01 00:00:00 (UTC): orders missing here are imported, orders already imported are updated, and none is duplicated.');
  });

  test('a date after the point reached skips the orders in between', () => {
    expect(cursorEffect('2026-03-10 11:30:00', reached, now)).toBe(
      'Orders whose Amazon status changed between 2026-03-10 11:00:00 and 2026-03-10 11:30:00 (UTC) will be skipped: the last synchronisation stopped at 2026-03-10 11:00:00. Set that date back to import them.');
  });

  test('a date in the future skips every change until then, with or without a previous run', () => {
    const message = 'This date is in the future: orders whose Amazon status changes before 2026-03-12 00:00:00 (UTC) will not be imported. Set an earlier date unless you mean to skip them.';
    expect(cursorEffect('2026-03-12 00:00:00', reached, now)).toBe(message);
    expect(cursorEffect('2026-03-12 00:00:00', false, now)).toBe(message);
  });

  test("Amazon's clock ahead of ours: the point the last run reached is not the future", () => {
    expect(cursorEffect('2026-03-10 13:00:00', '2026-03-10 13:00:00', now)).toBe(false);
  });
});
