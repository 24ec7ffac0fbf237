import { registry } from './registry';
import { jsonRpc, RPCError, type Fetch } from './network/rpc';
import type { Env } from './env';

export type Rpc = (route: string, params?: Record<string, unknown>, settings?: { silent?: boolean }) => Promise<any>;

/**
 * The rpc service: posts JSON-RPC and reports errors once. Code 100 (session expired) sends the
 * user back to the login screen; other errors show the server's data.message, never a stack.
 */
export const rpcService = {
  dependencies: ['notification'],
  start(env: Env, { notification }: { notification: { add(message: string, options?: Record<string, unknown>): void } }): Rpc {
    const fetchFn: Fetch = (env as any).fetch ?? ((...args: Parameters<Fetch>) => fetch(...args));
    return async (route, params = {}, settings = {}) => {
      try {
        return await jsonRpc(fetchFn, route, params);
      } catch (error) {
        if (error instanceof RPCError && error.code === 100) {
          env.bus.trigger('SESSION_EXPIRED');
        } else if (!settings.silent && error instanceof Error && !(error as RPCError).notified) {
          const title = error instanceof RPCError ? errorTitle(error.exceptionName) : 'Connection error';
          notification.add(error.message, { type: 'danger', title, sticky: false });
        }
        if (error instanceof Error) (error as RPCError).notified = true;
        throw error;
      }
    };
  },
};

function errorTitle(name: string): string {
  if (name.endsWith('ValidationError')) return 'Validation Error';
  if (name.endsWith('AccessError') || name.endsWith('AccessDenied')) return 'Access Error';
  if (name.endsWith('MissingError')) return 'Missing Record';
  if (name.endsWith('UserError')) return 'Invalid Operation';
  return 'Server Error';
}

registry.category('services').add('rpc', rpcService);
