/** The marketplaces the connector knows: id, region host, country, currency, VAT-inclusive prices. */
export type Region = 'na' | 'eu' | 'fe';

export interface MarketplaceInfo {
  id: string;
  code: string;
  name: string;
  region: Region;
  countryCode: string;
  currency: string;
  language: string;
  domain: string;
  /** Prices on this marketplace include VAT (ItemPrice is gross, ItemTax is the VAT part). */
  taxIncluded: boolean;
}

const list: MarketplaceInfo[] = [
  { id: 'A2Q3Y263D00KWC', code: 'BR', name: 'Amazon.com.br', region: 'na', countryCode: 'BR', currency: 'BRL', language: 'pt_BR', domain: 'www.amazon.com.br', taxIncluded: false },
  { id: 'A2EUQ1WTGCTBG2', code: 'CA', name: 'Amazon.ca', region: 'na', countryCode: 'CA', currency: 'CAD', language: 'en_CA', domain: 'www.amazon.ca', taxIncluded: false },
  { id: 'A1AM78C64UM0Y8', code: 'MX', name: 'Amazon.com.mx', region: 'na', countryCode: 'MX', currency: 'MXN', language: 'es_MX', domain: 'www.amazon.com.mx', taxIncluded: false },
  { id: 'ATVPDKIKX0DER', code: 'US', name: 'Amazon.com', region: 'na', countryCode: 'US', currency: 'USD', language: 'en_US', domain: 'www.amazon.com', taxIncluded: false },
  { id: 'A2VIGQ35RCS4UG', code: 'AE', name: 'Amazon.ae', region: 'eu', countryCode: 'AE', currency: 'AED', language: 'en_AE', domain: 'www.amazon.ae', taxIncluded: true },
  { id: 'AMEN7PMS3EDWL', code: 'BE', name: 'Amazon.com.be', region: 'eu', countryCode: 'BE', currency: 'EUR', language: 'fr_BE', domain: 'www.amazon.com.be', taxIncluded: true },
  { id: 'A1PA6795UKMFR9', code: 'DE', name: 'Amazon.de', region: 'eu', countryCode: 'DE', currency: 'EUR', language: 'de_DE', domain: 'www.amazon.de', taxIncluded: true },
  { id: 'ARBP9OOSHTCHU', code: 'EG', name: 'Amazon.eg', region: 'eu', countryCode: 'EG', currency: 'EGP', language: 'en_EG', domain: 'www.amazon.eg', taxIncluded: true },
  { id: 'A1RKKUPIHCS9HS', code: 'ES', name: 'Amazon.es', region: 'eu', countryCode: 'ES', currency: 'EUR', language: 'es_ES', domain: 'www.amazon.es', taxIncluded: true },
  { id: 'A13V1IB3VIYZZH', code: 'FR', name: 'Amazon.fr', region: 'eu', countryCode: 'FR', currency: 'EUR', language: 'fr_FR', domain: 'www.amazon.fr', taxIncluded: true },
  { id: 'A28R8C7NBKEWEA', code: 'IE', name: 'Amazon.ie', region: 'eu', countryCode: 'IE', currency: 'EUR', language: 'en_IE', domain: 'www.amazon.ie', taxIncluded: true },
  { id: 'A21TJRUUN4KGV', code: 'IN', name: 'Amazon.in', region: 'eu', countryCode: 'IN', currency: 'INR', language: 'en_IN', domain: 'www.amazon.in', taxIncluded: false },
  { id: 'APJ6JRA9NG5V4', code: 'IT', name: 'Amazon.it', region: 'eu', countryCode: 'IT', currency: 'EUR', language: 'it_IT', domain: 'www.amazon.it', taxIncluded: true },
  { id: 'A1805IZSGTT6HS', code: 'NL', name: 'Amazon.nl', region: 'eu', countryCode: 'NL', currency: 'EUR', language: 'nl_NL', domain: 'www.amazon.nl', taxIncluded: true },
  { id: 'A1C3SOZRARQ6R3', code: 'PL', name: 'Amazon.pl', region: 'eu', countryCode: 'PL', currency: 'PLN', language: 'pl_PL', domain: 'www.amazon.pl', taxIncluded: true },
  { id: 'A17E79C6D8DWNP', code: 'SA', name: 'Amazon.sa', region: 'eu', countryCode: 'SA', currency: 'SAR', language: 'ar_SA', domain: 'www.amazon.sa', taxIncluded: true },
  { id: 'A2NODRKZP88ZB9', code: 'SE', name: 'Amazon.se', region: 'eu', countryCode: 'SE', currency: 'SEK', language: 'sv_SE', domain: 'www.amazon.se', taxIncluded: true },
  { id: 'A33AVAJ2PDY3EV', code: 'TR', name: 'Amazon.com.tr', region: 'eu', countryCode: 'TR', currency: 'TRY', language: 'tr_TR', domain: 'www.amazon.com.tr', taxIncluded: false },
  { id: 'A1F83G8C2ARO7P', code: 'UK', name: 'Amazon.co.uk', region: 'eu', countryCode: 'GB', currency: 'GBP', language: 'en_GB', domain: 'www.amazon.co.uk', taxIncluded: true },
  { id: 'A39IBJ37TRP1C6', code: 'AU', name: 'Amazon.com.au', region: 'fe', countryCode: 'AU', currency: 'AUD', language: 'en_AU', domain: 'www.amazon.com.au', taxIncluded: true },
  { id: 'A1VC38T7YXB528', code: 'JP', name: 'Amazon.co.jp', region: 'fe', countryCode: 'JP', currency: 'JPY', language: 'ja_JP', domain: 'www.amazon.co.jp', taxIncluded: false },
  { id: 'A19VAU5U5O7RUS', code: 'SG', name: 'Amazon.sg', region: 'fe', countryCode: 'SG', currency: 'SGD', language: 'en_SG', domain: 'www.amazon.sg', taxIncluded: true },
];

export const MARKETPLACES: ReadonlyMap<string, MarketplaceInfo> = new Map(list.map((m) => [m.id, m]));
export const MARKETPLACES_BY_CODE: ReadonlyMap<string, MarketplaceInfo> = new Map(list.map((m) => [m.code, m]));

export function marketplace(id: string): MarketplaceInfo | undefined {
  return MARKETPLACES.get(id);
}

/** The SP-API host that serves a region. */
export function regionHost(region: Region): string {
  return `sellingpartnerapi-${region}.amazon.com`;
}

/** The region whose host serves a marketplace; throws for an unknown marketplace id. */
export function regionOf(marketplaceId: string): Region {
  const m = MARKETPLACES.get(marketplaceId);
  if (!m) throw new Error(`unknown Amazon marketplace id ${marketplaceId}`);
  return m.region;
}
