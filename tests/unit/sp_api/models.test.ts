import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODELS_DIR, MODEL_FILES, loadModels } from '../../../addons/sale_amazon/sandbox/models';

const SHARED = path.resolve(__dirname, '../../../../shared/sp-api-models');

describe('vendored SP-API models', () => {
  (fs.existsSync(SHARED) ? it : it.skip)('are byte-identical to the shared copies', () => {
    for (const file of [...Object.values(MODEL_FILES), 'LICENSE', 'NOTICE']) {
      expect(fs.readFileSync(path.join(MODELS_DIR, file)).equals(fs.readFileSync(path.join(SHARED, file)))).toBe(true);
    }
  });

  it('route every operation the adapter uses', () => {
    const m = loadModels();
    expect(m.route('GET', '/orders/v0/orders/902-1106328-1059050/orderItems')?.op.key).toBe('ordersV0.getOrderItems');
    expect(m.route('POST', '/orders/v0/orders/902-1106328-1059050/shipmentConfirmation')?.op.key).toBe('ordersV0.confirmShipment');
    expect(m.route('GET', '/orders/2026-01-01/orders')?.op.key).toBe('orders2026.searchOrders');
    expect(m.route('GET', '/feeds/2021-06-30/documents/abc')?.op.key).toBe('feeds.getFeedDocument');
    expect(m.route('GET', '/finances/v0/financialEventGroups/G1/financialEvents')?.op.key).toBe('financesV0.listFinancialEventsByGroupId');
    expect(m.route('GET', '/nowhere')).toBeNull();
  });

  it('reject requests that do not conform, as Amazon answers 400', () => {
    const m = loadModels();
    const op = m.operation('ordersV0.confirmShipment');
    const ok = { marketplaceId: 'ATVPDKIKX0DER', packageDetail: { packageReferenceId: '1', carrierCode: 'UPS', trackingNumber: '1Z', shipDate: '2022-02-11T01:00:00.000Z', orderItems: [{ orderItemId: '1', quantity: 1 }] } };
    expect(m.validateRequest(op, {}, { orderId: '902-1106328-1059050' }, ok).issues).toEqual([]);
    const badDate = { ...ok, packageDetail: { ...ok.packageDetail, shipDate: '02/21/2022' } };
    expect(m.validateRequest(op, {}, { orderId: '902-1106328-1059050' }, badDate).issues.length).toBeGreaterThan(0);
    const getOrders = m.operation('ordersV0.getOrders');
    expect(m.validateRequest(getOrders, { MarketplaceIds: 'ATVPDKIKX0DER', Bogus: '1' }, {}, undefined).issues.map((i) => i.where)).toContain('query.Bogus');
    expect(m.validateRequest(getOrders, { LastUpdatedAfter: '2026-01-01T00:00:00Z' }, {}, undefined).issues.map((i) => i.where)).toContain('query.MarketplaceIds');
  });

  it('check responses strictly: an undeclared property is a sandbox bug', () => {
    const m = loadModels();
    const op = m.operation('tokens.createRestrictedDataToken');
    expect(m.validateResponse(op, 200, { restrictedDataToken: 'Atz.sprdt|x', expiresIn: 3600 })).toEqual([]);
    expect(m.validateResponse(op, 200, { restrictedDataToken: 'Atz.sprdt|x', expiresIn: 3600, extra: 1 }).length).toBeGreaterThan(0);
    expect(m.validateResponse(op, 418, {}).length).toBeGreaterThan(0);
  });
});
