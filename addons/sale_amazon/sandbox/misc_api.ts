/** Sellers and Tokens operations of the sandbox. */
import { MARKETPLACES } from '../sp_api/marketplaces';
import { type ApiRequest, type ApiResponse, invalidInput } from './api_context';

export function getMarketplaceParticipations(req: ApiRequest, participating: string[]): ApiResponse {
  const list = [...MARKETPLACES.values()].filter((m) => m.region === req.region && participating.includes(m.id));
  return {
    status: 200,
    body: {
      payload: list.map((m) => ({
        marketplace: { id: m.id, name: m.name, countryCode: m.countryCode, defaultCurrencyCode: m.currency, defaultLanguageCode: m.language, domainName: m.domain.replace(/^www\./, '') },
        participation: { isParticipating: true, hasSuspendedListings: false },
        storeName: 'Sandbox Store',
      })),
    },
  };
}

/** The operations a restricted data token can open, and the data elements each accepts. */
const RESTRICTED: { pattern: RegExp; elements: string[] }[] = [
  { pattern: /^\/orders\/v0\/orders$/, elements: ['buyerInfo', 'shippingAddress', 'buyerTaxInformation'] },
  { pattern: /^\/orders\/v0\/orders\/[^/]+$/, elements: ['buyerInfo', 'shippingAddress', 'buyerTaxInformation'] },
  { pattern: /^\/orders\/v0\/orders\/[^/]+\/orderItems$/, elements: ['buyerInfo'] },
  { pattern: /^\/orders\/v0\/orders\/[^/]+\/(address|buyerInfo|orderItems\/buyerInfo|regulatedInfo)$/, elements: [] },
];

export interface RdtResource {
  method: string;
  path: string;
  dataElements: string[];
}

/** Validates the requested resources; returns them as granted. */
export function checkRestrictedResources(req: ApiRequest): RdtResource[] {
  const resources = (req.body?.restrictedResources ?? []) as { method: string; path: string; dataElements?: string[] }[];
  if (resources.length === 0) throw invalidInput('restrictedResources cannot be empty.');
  return resources.map((r) => {
    const rule = RESTRICTED.find((x) => x.pattern.test(r.path));
    if (!rule) throw invalidInput(`${r.path} is not a restricted operation.`);
    if (r.method !== 'GET') throw invalidInput(`${r.method} ${r.path} is not a restricted operation.`);
    const elements = r.dataElements ?? [];
    const wrong = elements.filter((e) => !rule.elements.includes(e));
    if (wrong.length) throw invalidInput(`Data elements ${wrong.join(', ')} are not valid for ${r.path}.`);
    return { method: r.method, path: r.path, dataElements: elements };
  });
}

/** Whether a granted resource covers a request path: `{orderId}`-style segments match any id. */
export function resourceCovers(resource: RdtResource, method: string, path: string): boolean {
  if (resource.method !== method) return false;
  const pattern = new RegExp(`^${resource.path.split('/').map((seg) => (/^\{.+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`);
  return pattern.test(path);
}
