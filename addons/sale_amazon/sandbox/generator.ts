/**
 * Realistic order traffic from a seed: eight marketplaces and their currencies, FBA/FBM mix,
 * multi-item orders, gift wrap and messages, promotions, shipping charges, VAT-inclusive EU prices,
 * business buyers with VAT numbers, cancellations, replacement orders, unicode names, missing buyer
 * names (North American FBA), long addresses, and a life cycle scheduled over time.
 */
import type { AmazonAddress, AmazonOrder, AmazonOrderItem, FulfillmentChannel, ShipServiceLevel } from '../sp_api/types';
import { iso } from '../sp_api/clock';
import { MARKETPLACES_BY_CODE, type MarketplaceInfo } from '../sp_api/marketplaces';
import { round } from './money';
import { Random } from './random';
import type { SandboxOrder, ScheduledChange } from './state';

export const TRAFFIC_MARKETPLACES = ['US', 'CA', 'DE', 'FR', 'UK', 'IT', 'ES', 'JP'] as const;

export interface GenerateOptions {
  count: number;
  seed?: number;
  /** Purchase dates are spread over [from, to] (epoch ms); defaults to the last 6 hours. */
  from?: number;
  to?: number;
  /** Marketplace codes (US, DE, ...); defaults to all eight. */
  marketplaces?: string[];
  fbaShare?: number;
  /**
   * FBM orders stay Unshipped until the seller confirms a shipment (confirmShipment or a feed).
   * This share of them is shipped by the sandbox instead, as if the seller had used Seller
   * Central, `fbmAutoShipAfterHours` after payment (default: 24 to 72 hours). Default 0.
   */
  fbmAutoShipShare?: number;
  fbmAutoShipAfterHours?: number;
}

const ORDER_PREFIX: Record<string, string> = { US: '111', CA: '701', DE: '302', FR: '403', UK: '202', IT: '404', ES: '405', JP: '250' };
const RATE_TO_USD: Record<string, number> = { USD: 1, CAD: 1.35, EUR: 0.92, GBP: 0.79, JPY: 150 };
const VAT: Record<string, number> = { US: 0.0725, CA: 0.13, DE: 0.19, FR: 0.2, UK: 0.2, IT: 0.22, ES: 0.21, JP: 0.1 };

const CATALOG = [
  { sku: 'MUG-CER-350', asin: 'B0C1MUG350', title: 'Ceramic Coffee Mug 350 ml, Matte Black', usd: 14.99 },
  { sku: 'LAMP-DESK-LED', asin: 'B0C2LAMPLD', title: 'LED Desk Lamp with USB-C Charging Port, Dimmable', usd: 39.9 },
  { sku: 'TEA-GREEN-100', asin: 'B0C3TEA100', title: 'Organic Green Tea — 100 Bags (Sencha)', usd: 9.5 },
  { sku: 'BOARD-OAK-L', asin: 'B0C4OAKBRD', title: 'Oak Cutting Board, Large, 45 × 30 cm', usd: 54 },
  { sku: 'SOCK-WOOL-3P', asin: 'B0C5SOCK3P', title: 'Merino Wool Hiking Socks, 3 Pairs', usd: 24.99 },
  { sku: 'CABLE-USBC-2M', asin: 'B0C6USBC2M', title: 'USB-C to USB-C Cable 2 m, 100 W', usd: 11.99 },
  { sku: 'KNIFE-CHEF-20', asin: 'B0C7KNIFE2', title: '20 cm Chef\'s Knife, Damascus Steel', usd: 89 },
];

const PEOPLE: Record<string, { names: string[]; cities: [string, string, string][]; streets: string[]; companies: string[] }> = {
  US: { names: ['María García', 'John O\'Neil', 'Li Wei', 'Ashley Johnson'], cities: [['Seattle', 'WA', '98109'], ['Austin', 'TX', '73301'], ['Brooklyn', 'NY', '11201']], streets: ['410 Terry Ave N', '1600 Congress Ave', '77 Water Street'], companies: ['Acme Tools Inc.', 'Blue Ridge Supply LLC'] },
  CA: { names: ['François Tremblay', 'Émilie Côté', 'Liam MacDonald'], cities: [['Montréal', 'QC', 'H2X 1Y4'], ['Toronto', 'ON', 'M5V 2T6'], ['Vancouver', 'BC', 'V6B 1A1']], streets: ['1250 Rue Sainte-Catherine O', '100 King St W', '800 Robson St'], companies: ['Érable Distribution Inc.'] },
  DE: { names: ['Jürgen Müller', 'Größe Weiß', 'Anneliese Schäfer', 'Çağla Yılmaz'], cities: [['München', 'Bayern', '80331'], ['Berlin', 'Berlin', '10117'], ['Köln', 'Nordrhein-Westfalen', '50667']], streets: ['Marienplatz 8', 'Friedrichstraße 43', 'Hohe Straße 111'], companies: ['Müller Werkzeuge GmbH', 'Schäfer & Söhne KG'] },
  FR: { names: ['Zoë Lefèvre', 'Hélène Dubois', 'Jérôme Garçon'], cities: [['Paris', 'Île-de-France', '75004'], ['Lyon', 'Auvergne-Rhône-Alpes', '69002'], ['Marseille', "Provence-Alpes-Côte d'Azur", '13001']], streets: ['12 Rue de Rivoli', '5 Place Bellecour', '33 La Canebière'], companies: ['Boulangerie Lefèvre SARL'] },
  UK: { names: ['Siobhán O\'Brien', 'Oliver Smith', 'Ffion Jones'], cities: [['London', 'Greater London', 'SW1A 1AA'], ['Manchester', 'Greater Manchester', 'M1 1AE'], ['Cardiff', 'Wales', 'CF10 1EP']], streets: ['10 Downing Street', '1 Piccadilly Gardens', 'Queen Street 22'], companies: ['Thames Office Supplies Ltd'] },
  IT: { names: ['Niccolò Rossi', 'Lucía Bianchi', 'Giosuè Esposito'], cities: [['Milano', 'MI', '20121'], ['Roma', 'RM', '00184'], ['Napoli', 'NA', '80132']], streets: ['Via Montenapoleone 8', 'Via dei Fori Imperiali 1', 'Via Toledo 256'], companies: ['Rossi Forniture S.r.l.'] },
  ES: { names: ['José Núñez', 'Begoña Ibáñez', 'Íñigo Peña'], cities: [['Madrid', 'Madrid', '28013'], ['Barcelona', 'Barcelona', '08002'], ['Sevilla', 'Sevilla', '41004']], streets: ['Calle Mayor 1', 'La Rambla 91', 'Avenida de la Constitución 20'], companies: ['Suministros Núñez S.L.'] },
  JP: { names: ['山田 太郎', '佐藤 花子', '鈴木 一郎'], cities: [['渋谷区', '東京都', '150-0002'], ['大阪市北区', '大阪府', '530-0001'], ['札幌市中央区', '北海道', '060-0001']], streets: ['渋谷2-21-1', '梅田3-1-3', '北1条西2丁目'], companies: ['株式会社山田商事'] },
};

const LEVEL_NAMES: Record<ShipServiceLevel, string> = {
  Standard: 'Std Dom', Expedited: 'Exp Dom', NextDay: 'Next Dom', SecondDay: 'Second Dom', Priority: 'Priority Dom',
  SameDay: 'Same Dom', FreeEconomy: 'Econ Dom', Scheduled: 'Sched Dom',
};

const MINUTE = 60_000;
const DAY_MS = 24 * 60 * MINUTE;
const HOUR = 60 * MINUTE;

export class OrderGenerator {
  private readonly rnd: Random;
  private readonly issued = new Set<string>();
  private readonly history: SandboxOrder[] = [];

  constructor(seed = 1) {
    this.rnd = new Random(seed);
  }

  generate(opts: GenerateOptions, now: number, exists: (ref: string) => boolean): SandboxOrder[] {
    const to = opts.to ?? now;
    const from = opts.from ?? to - 6 * HOUR;
    const codes = opts.marketplaces?.length ? opts.marketplaces : [...TRAFFIC_MARKETPLACES];
    const out: SandboxOrder[] = [];
    for (let i = 0; i < opts.count; i++) {
      const m = MARKETPLACES_BY_CODE.get(this.rnd.pick(codes));
      if (!m) throw new Error(`unknown marketplace code in ${codes.join(',')}`);
      const purchase = Math.floor(from + (to - from) * (opts.count === 1 ? 1 : i / (opts.count - 1)));
      const o = this.order(m, purchase, opts, exists);
      out.push(o);
      this.history.push(o);
    }
    return out;
  }

  private order(m: MarketplaceInfo, purchase: number, opts: GenerateOptions, exists: (ref: string) => boolean): SandboxOrder {
    const r = this.rnd;
    const channel: FulfillmentChannel = r.chance(opts.fbaShare ?? 0.5) ? 'FBA' : 'FBM';
    let ref: string;
    do ref = `${ORDER_PREFIX[m.code] ?? '999'}-${r.digits(7)}-${r.digits(7)}`;
    while (this.issued.has(ref) || exists(ref));
    this.issued.add(ref);

    const replaced = this.history.length > 5 && r.chance(0.03) ? r.pick(this.history.filter((h) => h.order.marketplaceId === m.id && !h.order.isReplacementOrder)) : undefined;
    const isBusiness = !replaced && r.chance(0.12);
    const people = PEOPLE[m.code]!;
    const level: ShipServiceLevel = r.weighted([['Standard', 70], ['Expedited', 20], ['NextDay', 5], ['SecondDay', 5]] as const);
    const currency = m.currency;
    const rate = VAT[m.code] ?? 0;
    const price = (usd: number) => round(usd * (RATE_TO_USD[currency] ?? 1), currency);
    const taxOf = (gross: number) => round(m.taxIncluded ? gross - gross / (1 + rate) : gross * rate, currency);

    const promotionIds: Record<string, string[]> = {};
    const items: AmazonOrderItem[] = [];
    const lines = r.weighted([[1, 60], [2, 25], [3, 10], [4, 5]] as const);
    for (let n = 0; n < lines; n++) {
      const p = CATALOG[(n + r.int(0, CATALOG.length - 1)) % CATALOG.length]!;
      if (items.some((it) => it.sku === p.sku)) continue;
      const qty = r.weighted([[1, 75], [2, 18], [3, 7]] as const);
      const free = replaced !== undefined;
      const itemPrice = free ? 0 : price(p.usd) * qty;
      const shippingPrice = free || (channel === 'FBA' && r.chance(0.7)) ? 0 : price(level === 'Standard' ? 4.99 : 9.99);
      const promo = !free && r.chance(0.15);
      const freeShipping = shippingPrice > 0 && r.chance(0.15);
      const promotionDiscount = promo ? round(itemPrice * 0.1, currency) : 0;
      const gift = !free && r.chance(0.1);
      const giftWrapPrice = gift && r.chance(0.7) ? price(3.99) : 0;
      const ref = `${r.digits(14)}`;
      if (promo || freeShipping) promotionIds[ref] = [promo ? `PROMO-${m.code}-SPRING` : '', freeShipping ? `FREESHIP-${m.code}` : ''].filter(Boolean);
      items.push({
        ref, sku: p.sku, asin: p.asin, title: p.title, quantityOrdered: qty, quantityShipped: 0,
        itemPrice: round(itemPrice, currency), itemTax: taxOf(itemPrice),
        shippingPrice, shippingTax: taxOf(shippingPrice),
        // Orders 2026-01-01 cannot express tax on a shipping discount; the sandbox never creates one.
        shippingDiscount: freeShipping ? shippingPrice : 0, shippingDiscountTax: 0,
        promotionDiscount, promotionDiscountTax: taxOf(promotionDiscount),
        isGift: gift, giftWrapPrice, giftWrapTax: taxOf(giftWrapPrice),
        giftWrapLevel: giftWrapPrice ? r.pick(['Classic', 'Premium']) : null,
        giftMessage: gift && r.chance(0.8) ? r.pick(['Joyeux anniversaire ! 🎂', 'Happy holidays — with love', 'Alles Gute zum Geburtstag, Jürgen!', 'お誕生日おめでとう']) : null,
      });
    }
    const total = replaced ? null : round(items.reduce((s, it) =>
      s + it.itemPrice + it.shippingPrice + it.giftWrapPrice - it.promotionDiscount - it.shippingDiscount
      + (m.taxIncluded ? 0 : it.itemTax + it.shippingTax + it.giftWrapTax - it.promotionDiscountTax), 0), currency);

    // North American FBA orders often come without a buyer name.
    const anonymous = channel === 'FBA' && (m.region === 'na') && r.chance(0.6);
    const name = r.pick(people.names);
    const [city, state, zip] = r.pick(people.cities);
    const long = r.chance(0.05);
    const company = isBusiness ? r.pick(people.companies) : null;
    const address: AmazonAddress = {
      name, companyName: company,
      addressLine1: long ? `${r.pick(people.streets)}, Gebäude C, Eingang über den Innenhof links neben der Tiefgarageneinfahrt, 4. Obergeschoss` : r.pick(people.streets),
      addressLine2: long ? 'c/o Empfangsbereich / Poststelle — bitte nicht beim Nachbarn abgeben' : r.chance(0.3) ? `Apt ${r.int(1, 99)}` : null,
      addressLine3: long ? 'Zustellung nur werktags zwischen 08:00 und 17:00 Uhr' : null,
      city, county: null, stateOrRegion: state, postalCode: zip, countryCode: m.countryCode,
      phone: channel === 'FBM' ? `+${r.int(1, 81)} ${r.digits(3)} ${r.digits(7)}` : null,
      addressType: isBusiness ? 'Commercial' : 'Residential',
    };
    const vat = isBusiness && m.region === 'eu' ? `${m.countryCode === 'GB' ? 'GB' : m.countryCode}${r.digits(9)}` : null;

    const order: AmazonOrder = {
      ref, status: 'Pending', channel, marketplaceId: m.id, purchaseDate: iso(purchase), lastUpdateDate: iso(purchase),
      currency: replaced ? null : currency, orderTotal: total,
      buyer: {
        name: anonymous ? null : name,
        email: channel === 'FBM' ? `${r.digits(12)}@marketplace.${m.domain.replace(/^www\./, '')}` : null,
        companyName: company, vatNumber: vat,
      },
      shippingAddress: address,
      isBusinessOrder: isBusiness, isReplacementOrder: replaced !== undefined, replacedOrderRef: replaced?.order.ref ?? null,
      shipServiceLevel: level, items,
    };

    const { schedule, refundAt } = this.lifeCycle(order, purchase, opts, replaced !== undefined);
    return {
      order, sellerOrderId: r.chance(0.2) ? `SO-${r.digits(8)}` : null, isPrime: r.chance(0.4),
      shipServiceLevelName: `${LEVEL_NAMES[level].split(' ')[0]} ${m.code === 'UK' ? 'GB' : m.code} ${LEVEL_NAMES[level].split(' ')[1]}`,
      promotionIds, latestShipDate: iso(purchase + 48 * HOUR), schedule, packages: [], refundAt,
    };
  }

  /**
   * What will happen to an order, as Amazon's timeline: Pending until payment clears (5-30 min),
   * then Unshipped; a few are cancelled instead. FBA orders are shipped by Amazon within a day,
   * multi-unit ones sometimes in two packages (PartiallyShipped in between), and a few are refunded
   * days later. FBM orders wait for the seller's shipment confirmation, unless auto-shipped (see
   * GenerateOptions); a few are cancelled by the buyer while they wait.
   */
  private lifeCycle(order: AmazonOrder, purchase: number, opts: GenerateOptions, replacement: boolean): { schedule: ScheduledChange[]; refundAt: number | null } {
    const r = this.rnd;
    const schedule: ScheduledChange[] = [];
    let refundAt: number | null = null;
    if (!replacement && r.chance(0.04)) {
      schedule.push({ at: purchase + r.int(10, 90) * MINUTE, status: 'Canceled' });
      return { schedule, refundAt };
    }
    const paid = purchase + r.int(5, 30) * MINUTE;
    schedule.push({ at: paid, status: 'Unshipped' });
    if (order.channel === 'FBA') {
      const packages = this.packages(order, paid + r.int(2, 24) * HOUR);
      schedule.push(...packages);
      if (r.chance(0.03)) refundAt = packages[packages.length - 1]!.at + r.int(2, 10) * DAY_MS;
    } else if (r.chance(opts.fbmAutoShipShare ?? 0)) {
      const after = opts.fbmAutoShipAfterHours !== undefined ? opts.fbmAutoShipAfterHours * HOUR : r.int(24, 72) * HOUR;
      schedule.push(...this.packages(order, paid + after));
    } else if (r.chance(0.03)) {
      // Skipped when it comes due if the seller has shipped anything by then.
      schedule.push({ at: paid + r.int(1, 20) * HOUR, status: 'Canceled' });
    }
    return { schedule, refundAt };
  }

  /** One package at `at`, or (for some multi-unit orders) a first one then the rest hours later. */
  private packages(order: AmazonOrder, at: number): ScheduledChange[] {
    const r = this.rnd;
    const units = order.items.reduce((n, i) => n + i.quantityOrdered, 0);
    if (units < 2 || !r.chance(0.4)) return [{ at, status: 'Shipped', ship: 'rest' }];
    const first = order.items[0]!;
    const firstQty = order.items.length > 1 ? first.quantityOrdered : first.quantityOrdered - 1;
    return [
      { at, status: 'PartiallyShipped', ship: [{ orderItemId: first.ref, quantity: firstQty }] },
      { at: at + r.int(4, 48) * HOUR, status: 'Shipped', ship: 'rest' },
    ];
  }
}
