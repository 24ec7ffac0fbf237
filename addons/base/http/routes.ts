import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/database';
import type { Environment } from '../orm/environment';
import type { Registry } from '../orm/registry';
import type { Manifest } from '../loader/manifest';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  dbName: string;
  dbUrl?: string;
  demo: boolean;
  workers: number;
  /** body size limit for RPC requests, in bytes */
  maxBodyBytes: number;
  /** where the addon manifests are read from (default: the repository's manifests/) */
  manifestsDir?: string;
  /**
   * Behind a reverse proxy (Odoo's --proxy-mode): the client's address, scheme and host are
   * taken from X-Forwarded-For / -Proto / -Host. Off, those headers are ignored.
   */
  proxyMode?: boolean;
}

export interface App {
  db: Database;
  registry: Registry;
  config: ServerConfig;
  manifests: Map<string, Manifest>;
  order: string[];
}

export interface Session {
  sid: string;
  uid: number | null;
  login: string | null;
  debug: boolean;
  context: Record<string, unknown>;
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  app: App;
  session: Session | null;
  /** for auth 'user' routes: the logged-in user inside this request's transaction */
  env?: Environment;
  setDebug(flag: boolean): Promise<void>;
  sessionInfo(): Promise<Record<string, unknown>>;
}

/** A JSON route: the kernel parses Odoo's JSON-RPC envelope and maps errors to Odoo's shapes. */
export interface JsonRoute {
  path: string;
  auth: 'none' | 'user';
  handler(ctx: RouteContext, params: any): Promise<unknown>;
}

/** A plain HTTP route (pages, downloads, assets). */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string | RegExp;
  auth: 'none' | 'user' | 'public';
  handler(ctx: RouteContext): Promise<void>;
}
