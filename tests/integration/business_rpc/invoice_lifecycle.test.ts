import { engines } from '../../support/db';
import type { RpcClient } from '../../support/server';
import { lines, refused, startBusinessServer, unique, type BusinessServer } from './rpc_helpers';

/**
 * An invoice's life over RPC, as a billing user: post, reset to draft, cancel; credit notes;
 * payments one per invoice or grouped per partner; partial then full payment.
 */
for (const engine of engines()) describe(`invoice lifecycle over RPC on ${engine}`, () => {
  let b: BusinessServer;
  let biller: RpcClient;
  let bank: number;

  beforeAll(async () => {
    b = await startBusinessServer(engine);
    biller = (await b.user('life_biller', ['account.group_account_invoice'])).client;
    bank = await b.ref('account.1_bank');
  }, 120_000);
  afterAll(() => b?.server.close());

  const button = (client: RpcClient, model: string, method: string, ids: number[], kwargs: Record<string, unknown> = {}) =>
    client.call('/web/dataset/call_button', { model, method, args: [ids], kwargs });

  async function posted(partner: number, price: number, moveType = 'out_invoice'): Promise<number> {
    const id = await biller.callKw('account.move', 'create', [{
      move_type: moveType, partner_id: partner, invoice_date: '2026-04-01', invoice_line_ids: lines({ name: 'Goods', quantity: 1, price_unit: price, tax_ids: [[6, 0, []]] }),
    }]);
    await button(biller, 'account.move', 'action_post', [id]);
    return id;
  }

  async function pay(invoices: number[], values: Record<string, unknown> = {}): Promise<number[]> {
    const context = { active_model: 'account.move', active_ids: invoices };
    const wizard = await biller.callKw('account.payment.register', 'create', [{ journal_id: bank, ...values }], { context });
    return (await button(biller, 'account.payment.register', 'action_create_payments', [wizard], { context })).res_ids;
  }

  const read = (ids: number[], fields: string[]) => biller.callKw('account.move', 'read', [ids, fields]);

  test('a posted invoice is reset to draft (number kept), changed, posted again, then cancelled', async () => {
    const partner = await biller.callKw('res.partner', 'create', [{ name: unique('Lifecycle') }]);
    const invoice = await posted(partner, 100);
    const [{ name }] = await read([invoice], ['name']);
    expect(name).toMatch(/^INV\/2026\/\d{5}$/);
    await refused(button(biller, 'account.move', 'button_cancel', [invoice]), 'UserError', `The entry ${name} is posted: reset it to draft before cancelling it.`);
    await button(biller, 'account.move', 'button_draft', [invoice]);
    const [line] = await biller.callKw('account.move.line', 'search', [[['move_id', '=', invoice], ['display_type', '=', 'product']]]);
    await biller.callKw('account.move', 'write', [[invoice], { invoice_line_ids: [[1, line, { price_unit: 120 }]] }]);
    await button(biller, 'account.move', 'action_post', [invoice]);
    expect((await read([invoice], ['name', 'state', 'amount_total']))[0]).toMatchObject({ name, state: 'posted', amount_total: 120 });
    await button(biller, 'account.move', 'button_draft', [invoice]);
    await button(biller, 'account.move', 'button_cancel', [invoice]);
    expect((await read([invoice], ['state', 'name']))[0]).toMatchObject({ state: 'cancel', name });
    await refused(button(biller, 'account.move', 'action_post', [invoice]), 'UserError', `${name} is cancelled: reset it to draft before posting it.`);
  });

  test('a credit note has its own sequence and is paid back to the customer', async () => {
    const partner = await biller.callKw('res.partner', 'create', [{ name: unique('Refunded') }]);
    const refund = await posted(partner, 20, 'out_refund');
    expect((await read([refund], ['name', 'amount_total', 'amount_residual']))[0]).toMatchObject({ name: expect.stringMatching(/^RINV\/2026\/\d{5}$/), amount_total: 20, amount_residual: 20 });
    const [payment] = await pay([refund]);
    expect((await biller.callKw('account.payment', 'read', [[payment], ['payment_type', 'partner_type', 'amount']]))[0])
      .toMatchObject({ payment_type: 'outbound', partner_type: 'customer', amount: 20 });
    expect((await read([refund], ['payment_state']))[0].payment_state).toBe('in_payment');
  });

  test('two invoices of one customer: one payment each, or one grouped payment', async () => {
    const partner = await biller.callKw('res.partner', 'create', [{ name: unique('Twice') }]);
    const separate = [await posted(partner, 10), await posted(partner, 15)];
    const each = await pay(separate);
    expect((await biller.callKw('account.payment', 'read', [each, ['amount']])).map((p: any) => p.amount).sort()).toEqual([10, 15]);
    const grouped = [await posted(partner, 30), await posted(partner, 45)];
    const one = await pay(grouped, { group_payment: true });
    expect(one).toHaveLength(1);
    expect((await biller.callKw('account.payment', 'read', [one, ['amount']]))[0].amount).toBe(75);
    expect((await read([...separate, ...grouped], ['payment_state'])).map((m: any) => m.payment_state)).toEqual(['in_payment', 'in_payment', 'in_payment', 'in_payment']);
  });

  test('a partial payment leaves the rest due; the second payment settles it; a paid invoice cannot be paid again', async () => {
    const partner = await biller.callKw('res.partner', 'create', [{ name: unique('Instalments') }]);
    const invoice = await posted(partner, 100);
    await pay([invoice], { amount: 40 });
    expect((await read([invoice], ['payment_state', 'amount_residual']))[0]).toMatchObject({ payment_state: 'partial', amount_residual: 60 });
    await pay([invoice]);
    expect((await read([invoice], ['payment_state', 'amount_residual']))[0]).toMatchObject({ payment_state: 'in_payment', amount_residual: 0 });
    const payments = await b.count('account.payment');
    const context = { active_model: 'account.move', active_ids: [invoice] };
    const wizard = await biller.callKw('account.payment.register', 'create', [{ journal_id: bank }], { context });
    await refused(button(biller, 'account.payment.register', 'action_create_payments', [wizard], { context }), 'UserError', 'There is nothing to pay: the selected documents have no open amount.');
    expect(await b.count('account.payment')).toBe(payments);
  });
});
