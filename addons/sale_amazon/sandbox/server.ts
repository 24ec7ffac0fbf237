/**
 * The stateful SP-API sandbox: one HTTP (or, with `https`, TLS) server on loopback that answers as Amazon's LWA
 * token endpoint, as the SP-API hosts of the three regions and as the pre-signed document host,
 * routing on the Host header (the adapter's EndpointAgent sends every connection here while the
 * client still addresses Amazon's hosts). Every request and response is checked against the
 * official models; usage plans are enforced on a clock that can run faster than real time.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ScaledClock } from '../sp_api/clock';
import { MARKETPLACES_BY_CODE, type Region } from '../sp_api/marketplaces';
import { USAGE_PLANS } from '../sp_api/usage_plans';
import { ApiFailure, type ApiRequest, type ApiResponse } from './api_context';
import { makeSandboxCertificate } from './certificate';
import { SandboxControl } from './control';
import { FaultInjector, type Fault } from './faults';
import * as feedsReports from './feeds_reports_api';
import * as finances from './finances_api';
import { TRAFFIC_MARKETPLACES } from './generator';
import { type RdtResource, checkRestrictedResources, getMarketplaceParticipations, resourceCovers } from './misc_api';
import { type ModelOperation, loadModels } from './models';
import * as orders from './orders_api';
import { RateLimiter } from './rate_limiter';
import type { PiiGrant } from './render_orders';
import { SandboxState } from './state';
import { handleControl } from './control_http';
import { handleConsent } from './consent_page';
import { LwaAuthorizations, type SandboxApplication } from './lwa_authorization';

export const LWA_HOST = 'api.amazon.com';
export const DOCUMENTS_HOST = 'documents.sp-api-sandbox.test';
const API_HOST = /^(?:sandbox\.)?sellingpartnerapi-(na|eu|fe)\.amazon\.com$/;

export interface SandboxOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Amazon seconds per real second; 3600 runs an hour of pacing in a second. Default 1. */
  timeScale?: number;
  /** Answer 429 when a usage plan is exhausted (default true). */
  enforceRateLimits?: boolean;
  /** Serve https with a certificate generated at start (`caCert`); plain http otherwise. */
  https?: boolean;
  /** Seed of the order generator. */
  seed?: number;
  /** Sandbox "now" at start (epoch ms); default the real now. */
  startTime?: number;
  /** Generate demo orders continuously (orders per Amazon hour); off by default. */
  trafficPerHour?: number;
  /** LWA access token lifetime in Amazon seconds (Amazon: 3600). */
  accessTokenLifetimeSeconds?: number;
  credentials?: Partial<SandboxCredentials>;
  /** The SP-API application sellers authorise on the consent page (a draft, no redirect URI, by default). */
  application?: Partial<SandboxApplication>;
}

export interface SandboxCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  sellerId: string;
}

export interface Sandbox {
  /** Put this in AMAZON_SP_API_ENDPOINT. */
  url: string;
  /** In https mode, the generated certificate (PEM): the only CA a client needs to trust. */
  caCert: string | undefined;
  credentials: SandboxCredentials;
  control: SandboxControl;
  /** The application of the consent page; register the client's return route with `registerRedirectUri`. */
  authorizations: LwaAuthorizations;
  /** The sandbox's Amazon time; a client in the same process may share it. */
  clock: ScaledClock;
  close(): Promise<void>;
}

interface Token {
  expiresAt: number;
  rdt?: RdtResource[];
}

const QUOTA_EXCEEDED = { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] };
const DENIED = (details: string) => ({ errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details }] });

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const models = loadModels();
  const clock = new ScaledClock(opts.timeScale ?? 1, opts.startTime ?? Date.now());
  const state = new SandboxState();
  const faults = new FaultInjector();
  const limiter = new RateLimiter(clock, USAGE_PLANS);
  const control = new SandboxControl(state, clock, faults, limiter, opts.seed ?? 1);
  const enforce = opts.enforceRateLimits ?? true;
  const tokenLifetimeMs = (opts.accessTokenLifetimeSeconds ?? 3600) * 1000;
  const credentials: SandboxCredentials = {
    clientId: `amzn1.application-oa2-client.sandbox${crypto.randomBytes(8).toString('hex')}`,
    clientSecret: `amzn1.oa2-cs.v1.${crypto.randomBytes(24).toString('hex')}`,
    refreshToken: `Atzr|sandbox-${crypto.randomBytes(24).toString('base64url')}`,
    sellerId: 'A3SANDBOXSELLER',
    ...opts.credentials,
  };
  const tokens = new Map<string, Token>();
  const authorizations = new LwaAuthorizations(clock, {
    id: `amzn1.sp.solution.sandbox-${crypto.randomUUID()}`, redirectUris: [], draft: true, ...opts.application,
  }, credentials);
  const participating = TRAFFIC_MARKETPLACES.map((c) => MARKETPLACES_BY_CODE.get(c)!.id);
  const held = new Set<http.ServerResponse>();

  const tick = () => {
    const now = clock.now();
    state.tick(now);
    feedsReports.advanceFeeds(state, now, credentials.sellerId);
    feedsReports.advanceReports(state, now);
  };

  const count = (operation: string, status: number) => {
    const s = control.stats;
    const o = (s.byOperation[operation] ??= { requests: 0, throttled: 0, errors: 0 });
    s.requests++; o.requests++;
    if (status === 429) { s.throttled++; o.throttled++; } else if (status >= 400) { s.errors++; o.errors++; }
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      'x-amzn-RequestId': crypto.randomUUID(),
      ...headers,
    });
    res.end(text);
  };

  /** Applies a fault; returns true when the request is answered (or dropped) by it. */
  const applyFault = async (fault: Fault | undefined, res: http.ServerResponse, operation: string): Promise<boolean> => {
    if (!fault) return false;
    switch (fault.type) {
      case 'slow':
        await new Promise((r) => setTimeout(r, fault.delayMs ?? 200));
        return res.destroyed;
      case 'timeout':
        held.add(res);
        res.on('close', () => held.delete(res));
        return true;
      case 'reset':
        res.socket?.destroy();
        return true;
      case 'malformed':
        count(operation, 200);
        res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-RequestId': crypto.randomUUID() });
        res.end('{"payload": {"Orders": [{"AmazonOrderId": "111-');
        return true;
      case 'throttle':
        count(operation, 429);
        sendJson(res, 429, QUOTA_EXCEEDED);
        return true;
      case 'error500':
        count(operation, 500);
        sendJson(res, 500, { errors: [{ code: 'InternalFailure', message: 'We encountered an internal error. Please try again.', details: '' }] });
        return true;
      case 'error503':
        count(operation, 503);
        sendJson(res, 503, { errors: [{ code: 'ServiceUnavailable', message: 'Service temporarily unavailable. Please try again.', details: '' }] });
        return true;
      case 'expiredPageToken':
        count(operation, 400);
        sendJson(res, 400, { errors: [{ code: 'InvalidInput', message: 'Invalid NextToken: the token has expired.', details: '' }] });
        return true;
      case 'expiredToken':
        count(operation, 403);
        sendJson(res, 403, DENIED('The access token you provided has expired.'));
        return true;
    }
  };

  const lwa = async (req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer) => {
    if (await applyFault(faults.take('lwa.token'), res, 'lwa.token')) return;
    const fail = (status: number, error: string, description: string) => {
      count('lwa.token', status);
      sendJson(res, status, { error_description: description, error });
    };
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== '/auth/o2/token') return fail(404, 'invalid_request', 'Unknown endpoint');
    let body: Record<string, string>;
    try {
      body = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw.toString('utf8')) : Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    } catch {
      return fail(400, 'invalid_request', 'The request body is not valid JSON');
    }
    if (body.client_id !== credentials.clientId || body.client_secret !== credentials.clientSecret) return fail(401, 'invalid_client', 'Client authentication failed');
    let refreshToken: string | undefined;
    if (body.grant_type === 'refresh_token') {
      if (!authorizations.acceptsRefreshToken(body.refresh_token, body.client_id)) return fail(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token');
      refreshToken = body.refresh_token;
    } else if (body.grant_type === 'authorization_code') {
      const grant = authorizations.redeem(body);
      if ('error' in grant) return fail(grant.status, grant.error, grant.description);
      refreshToken = grant.refreshToken;
    } else if (body.grant_type === 'client_credentials') {
      if (!['sellingpartnerapi::notifications', 'sellingpartnerapi::client_credential:rotation'].includes(body.scope ?? '')) return fail(400, 'invalid_scope', 'The request has an invalid parameter : scope');
    } else {
      return fail(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server');
    }
    const accessToken = `Atza|sandbox-${crypto.randomBytes(24).toString('base64url')}`;
    tokens.set(accessToken, { expiresAt: clock.now() + tokenLifetimeMs });
    count('lwa.token', 200);
    sendJson(res, 200, { access_token: accessToken, ...(refreshToken ? { refresh_token: refreshToken } : {}), token_type: 'bearer', expires_in: tokenLifetimeMs / 1000 });
  };

  const documents = async (req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer) => {
    if (await applyFault(faults.take('documents'), res, 'documents')) return;
    const s3Error = (status: number, code: string, message: string) => {
      count('documents', status);
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    };
    const [, kind, id] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
    const doc = state.documents.get(id ?? '');
    if (!doc || doc.kind !== kind) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    if (clock.now() > doc.expiresAt) return s3Error(403, 'AccessDenied', 'Request has expired');
    if (req.method === 'PUT') {
      if (doc.kind !== 'feed-input') return s3Error(403, 'AccessDenied', 'Access Denied');
      const type = String(req.headers['content-type'] ?? '');
      if (type.toLowerCase() !== doc.contentType.toLowerCase()) return s3Error(403, 'SignatureDoesNotMatch', `Content-Type ${type} does not match the signed ${doc.contentType}`);
      doc.content = raw;
      count('documents', 200);
      res.writeHead(200).end();
      return;
    }
    if (req.method !== 'GET' || !doc.content) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    count('documents', 200);
    res.writeHead(200, { 'content-type': doc.contentType, 'content-length': doc.content.length });
    res.end(doc.content);
  };

  const api = async (req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer, region: Region) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const routed = models.route(req.method ?? 'GET', url.pathname);
    if (!routed) {
      count('unknown', 404);
      return sendJson(res, 404, { errors: [{ code: 'NotFound', message: `No operation for ${req.method} ${url.pathname}` }] });
    }
    const { op, pathParams } = routed;
    const pageToken = ['NextToken', 'nextToken', 'paginationToken'].some((k) => url.searchParams.has(k));
    if (await applyFault(faults.take(op.key, { pageToken }), res, op.key)) return;
    tick();
    const respond = (r: ApiResponse) => {
      const issues = models.validateResponse(op, r.status, r.body);
      if (issues.length) {
        // A sandbox bug: record it (tests fail on it) and tell the client it is the server's fault.
        control.violations.push({ operation: op.key, status: r.status, issues });
        r = { status: 500, body: { errors: [{ code: 'InternalFailure', message: `sandbox response for ${op.key} does not match the model`, details: JSON.stringify(issues.slice(0, 3)) }] } };
      }
      count(op.key, r.status);
      const plan = limiter.plan(op.key);
      const withRate = r.status < 300 || r.status === 400 || r.status === 404;
      sendJson(res, r.status, r.body, withRate && plan ? { 'x-amzn-RateLimit-Limit': String(plan.rate) } : {});
    };
    try {
      const access = authorise(req, op, url.pathname);
      if (enforce && !limiter.tryTake(op.key)) return respond({ status: 429, body: QUOTA_EXCEEDED });
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      let body: unknown;
      if (raw.length > 0 && op.parameters.some((p) => p.in === 'body')) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new ApiFailure(400, 'InvalidInput', 'The request body is not valid JSON.');
        }
      }
      const { issues, params } = models.validateRequest(op, query, pathParams, body);
      if (issues.length) throw new ApiFailure(400, 'InvalidInput', issues.map((i) => `${i.where}: ${i.message}`).join('; '));
      const request: ApiRequest = { op, params, body, now: clock.now(), region, state, pii: access, path: url.pathname, sellerId: credentials.sellerId, documentsHost: DOCUMENTS_HOST };
      respond(await handle(op, request));
    } catch (e) {
      if (e instanceof ApiFailure) return respond({ status: e.status, body: e.toBody() });
      respond({ status: 500, body: { errors: [{ code: 'InternalFailure', message: e instanceof Error ? e.message : String(e) }] } });
    }
  };

  /** Checks the access token (LWA or restricted data token) and says which PII it opens. */
  const authorise = (req: http.IncomingMessage, op: ModelOperation, path: string): PiiGrant => {
    const value = String(req.headers['x-amz-access-token'] ?? '');
    const token = tokens.get(value);
    if (!token) throw new ApiFailure(403, 'Unauthorized', 'Access to requested resource is denied.', value ? 'The access token you provided is revoked, malformed or invalid.' : '');
    if (clock.now() >= token.expiresAt) {
      // Different wording for restricted data tokens, so that a client does not mistake it for an LWA expiry.
      throw new ApiFailure(403, 'Unauthorized', 'Access to requested resource is denied.', token.rdt ? 'The restricted data token you provided has expired.' : 'The access token you provided has expired.');
    }
    if (!token.rdt) return { buyerInfo: false, shippingAddress: false };
    const covering = token.rdt.filter((r) => resourceCovers(r, op.method, path));
    if (covering.length === 0) throw new ApiFailure(403, 'Unauthorized', 'Access to requested resource is denied.', 'The restricted data token does not cover this operation.');
    const elements = new Set(covering.flatMap((r) => r.dataElements));
    return { buyerInfo: elements.has('buyerInfo'), shippingAddress: elements.has('shippingAddress') };
  };

  const handle = async (op: ModelOperation, r: ApiRequest): Promise<ApiResponse> => {
    switch (op.key) {
      case 'ordersV0.getOrders': return orders.getOrders(r);
      case 'ordersV0.getOrder': return orders.getOrderV0(r);
      case 'ordersV0.getOrderItems': return orders.getOrderItems(r);
      case 'ordersV0.getOrderAddress': return orders.getOrderAddress(r);
      case 'ordersV0.getOrderBuyerInfo': return orders.getOrderBuyerInfo(r);
      case 'ordersV0.confirmShipment': return orders.confirmShipment(r);
      case 'orders2026.searchOrders': return orders.searchOrders(r);
      case 'orders2026.getOrder': return orders.getOrder2026(r);
      case 'feeds.createFeedDocument': return feedsReports.createFeedDocument(r);
      case 'feeds.createFeed': return feedsReports.createFeed(r);
      case 'feeds.getFeed': return feedsReports.getFeed(r);
      case 'feeds.getFeedDocument': return feedsReports.getFeedDocument(r);
      case 'reports.createReport': return feedsReports.createReport(r);
      case 'reports.getReport': return feedsReports.getReport(r);
      case 'reports.getReportDocument': return feedsReports.getReportDocument(r);
      case 'financesV0.listFinancialEventGroups': return finances.listFinancialEventGroups(r);
      case 'financesV0.listFinancialEventsByGroupId': return finances.listFinancialEventsByGroupId(r);
      case 'finances2024.listTransactions': return finances.listTransactions(r);
      case 'sellers.getMarketplaceParticipations': return getMarketplaceParticipations(r, participating);
      case 'tokens.createRestrictedDataToken': {
        const granted = checkRestrictedResources(r);
        const rdt = `Atz.sprdt|sandbox-${crypto.randomBytes(24).toString('base64url')}`;
        tokens.set(rdt, { expiresAt: r.now + 3600_000, rdt: granted });
        return { status: 200, body: { restrictedDataToken: rdt, expiresIn: 3600 } };
      }
      default:
        throw new ApiFailure(400, 'InvalidInput', `The sandbox does not implement ${op.key}.`);
    }
  };

  const certificate = opts.https ? await makeSandboxCertificate() : undefined;
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const host = String(req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      const path = (req.url ?? '/').split('?')[0]!;
      const done = (p: Promise<void>) => p.catch((e) => {
        if (!res.headersSent) sendJson(res, 500, { errors: [{ code: 'InternalFailure', message: String(e) }] });
      });
      if (path.startsWith('/_sandbox/')) return done(handleControl(req, res, raw, control, () => ({ url, credentials, application: authorizations.application }), (uri) => authorizations.registerRedirectUri(uri)));
      if (host === LWA_HOST) return done(lwa(req, res, raw));
      // Seller Central's consent page, on whatever address the browser reached the sandbox by.
      if (!API_HOST.test(host) && host !== DOCUMENTS_HOST && handleConsent(req, res, raw, authorizations, credentials.sellerId)) return;
      if (host === DOCUMENTS_HOST) return done(documents(req, res, raw));
      const m = API_HOST.exec(host);
      if (m) return done(api(req, res, raw, m[1] as Region));
      res.writeHead(421, { 'content-type': 'text/plain' }).end(`The sandbox does not serve host ${host}\n`);
    });
  };
  const server = certificate ? https.createServer({ cert: certificate.cert, key: certificate.key }, onRequest) : http.createServer(onRequest);
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `${certificate ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let traffic: NodeJS.Timeout | undefined;
  if (opts.trafficPerHour && opts.trafficPerHour > 0) {
    let last = clock.now();
    let carry = 0;
    traffic = setInterval(() => {
      const now = clock.now();
      carry += ((now - last) / 3600_000) * opts.trafficPerHour!;
      const n = Math.floor(carry);
      if (n > 0) {
        control.generateOrders({ count: n, from: last, to: now, fbmAutoShipShare: 0.2 });
        carry -= n;
        last = now;
      }
    }, 500);
    traffic.unref();
  }

  return {
    url,
    caCert: certificate?.cert,
    credentials,
    control,
    authorizations,
    clock,
    close: async () => {
      if (traffic) clearInterval(traffic);
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
