/** Starting the SP-API sandbox and an adapter pointed at it, for contract tests and benchmarks. */
import { createSpApiAdapter, type SpApiAdapterConfig } from '../../addons/sale_amazon/sp_api/adapter';
import type { SpApiPort } from '../../addons/sale_amazon/sp_api/port';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../addons/sale_amazon/sandbox/server';

export { startSandbox, type Sandbox };

/**
 * An adapter for the sandbox's seller. It shares the sandbox clock, so pacing and token expiry are
 * measured in the same (possibly accelerated) Amazon time, and retries back off in milliseconds.
 */
export function sandboxAdapter(sandbox: Sandbox, overrides: Partial<SpApiAdapterConfig> = {}): SpApiPort {
  const c = sandbox.credentials;
  return createSpApiAdapter({
    sellerId: c.sellerId,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    refreshToken: c.refreshToken,
    region: 'na',
    ordersApiVersion: '2026-01-01',
    endpoint: sandbox.url,
    caCert: sandbox.caCert,
    clock: sandbox.clock,
    requestTimeoutMs: 2000,
    ...overrides,
  });
}

/** A sandbox that runs Amazon time fast: an hour of usage-plan pacing takes a few seconds. */
export function startFastSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ timeScale: 1000, ...opts });
}
