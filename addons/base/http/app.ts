import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../db/open';
import { loadDatabase, buildRegistry } from '../loader/loader';
import type { App, ServerConfig } from './routes';
import { SessionStore } from './sessions';
import { createHttpServer } from './server';

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8069,
  host: '127.0.0.1',
  dataDir: './data',
  dbName: 'erp',
  demo: true,
  workers: 0,
  maxBodyBytes: 10 * 1024 * 1024,
  proxyMode: false,
};

/** Opens the database, installs or upgrades the addons, and prepares the session table. */
export async function createApp(config: ServerConfig, options: { addons?: string[]; install?: boolean; log?: (line: string) => void } = {}): Promise<App> {
  const db = await openDatabase({ name: config.dbName, url: config.dbUrl, dataDir: config.dataDir });
  const loaded = options.install === false
    ? buildRegistry({ addons: options.addons, manifestsDir: config.manifestsDir })
    : await loadDatabase(db, { addons: options.addons, demo: config.demo, log: options.log, manifestsDir: config.manifestsDir });
  await SessionStore.ensureTable(db);
  return { db, registry: loaded.registry, config, manifests: loaded.manifests, order: loaded.order };
}

export async function listen(app: App): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createHttpServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(app.config.port, app.config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server, port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
