/**
 * Run as a child process by tests/contract/sp_api_process_exit.test.ts: talks to the sandbox the
 * ways that used to leave a timer behind (a 204, an empty 200 upload, errors, resets, a timeout
 * recovered from), closes everything and then simply ends its script. If any request timer
 * survived, Node would stay alive for the adapter's default 60 s deadline and the test would see it.
 */
import { iso } from '../../addons/sale_amazon/sp_api/clock';
import { startSandbox } from '../../addons/sale_amazon/sandbox/server';
import { sandboxAdapter } from './sandbox';

async function main(): Promise<void> {
  const sandbox = await startSandbox({ timeScale: 1000 });
  const [order] = sandbox.control.seedOrders([{ ref: '111-9000000-0000001', channel: 'FBM', status: 'Unshipped', items: [{ ref: '90000000000001', quantityOrdered: 2 }] }]);
  // The adapter's own default deadline (60 s), as in production.
  const port = sandboxAdapter(sandbox, { ordersApiVersion: 'v0', requestTimeoutMs: undefined });
  const quick = sandboxAdapter(sandbox, { sellerId: 'QUICK', requestTimeoutMs: 200 });
  const ship = (packageReferenceId: string) => port.confirmShipment({
    orderRef: order!.ref, marketplaceId: 'ATVPDKIKX0DER', packageReferenceId, carrierCode: 'UPS', trackingNumber: '1Z1',
    shipDate: iso(sandbox.clock.now() - 60_000), items: [{ orderItemId: '90000000000001', quantity: 1 }],
  });
  await ship('1'); // 204, no body
  await port.submitFeed({ feedType: 'POST_ORDER_FULFILLMENT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], content: '<x/>', contentType: 'text/xml; charset=UTF-8' }); // upload: 200, no body
  await ship('1').catch(() => undefined); // 400
  sandbox.control.injectFault({ type: 'reset', operation: 'ordersV0.getOrder' });
  await port.getOrder(order!.ref); // reset, then retried
  sandbox.control.injectFault({ type: 'timeout', operation: 'orders2026.getOrder' });
  await quick.getOrder(order!.ref); // deadline hit, then retried
  port.close();
  quick.close();
  await sandbox.close();
  process.stdout.write(`done ${sandbox.control.order(order!.ref).status}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
