/**
 * `npm run sandbox -- --port P [--time-scale S] [--seed N] [--no-traffic]`: the SP-API sandbox on
 * 127.0.0.1:P with demo traffic. Prints the LWA credentials it accepts and the endpoint to set in
 * AMAZON_SP_API_ENDPOINT; the control API is under http://127.0.0.1:P/_sandbox/.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'time-scale': { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      'no-traffic': { type: 'boolean', default: false },
      'orders-per-hour': { type: 'string', default: '30' },
    },
  });
  const port = Number(values.port);
  const timeScale = Number(values['time-scale']);
  const seed = Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a TCP port, got ${values.port}`);
  if (!(timeScale > 0)) throw new Error(`--time-scale must be positive, got ${values['time-scale']}`);
  const traffic = !values['no-traffic'];
  const sandbox = await startSandbox({ port, timeScale, seed, trafficPerHour: traffic ? Number(values['orders-per-hour']) : 0 });
  if (traffic) {
    // Two days of history so that a first sync has something to import.
    const now = sandbox.clock.now();
    sandbox.control.generateOrders({ count: 60, seed, from: now - 48 * 3600_000, to: now - 10 * 60_000, fbmAutoShipShare: 0.2 });
  }
  const c = sandbox.credentials;
  console.log(`LWA credentials: client_id=${c.clientId} client_secret=${c.clientSecret} refresh_token=${c.refreshToken}`);
  // stdout carries only the credentials line (scripts read it); the rest goes to stderr.
  console.error(`SP-API sandbox listening: AMAZON_SP_API_ENDPOINT=${sandbox.url} seller_id=${c.sellerId} application_id=${sandbox.authorizations.application.id} time_scale=${timeScale} control=${sandbox.url}/_sandbox/info`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
