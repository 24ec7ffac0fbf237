/** Sandbox orders → Orders v0 and Orders 2026-01-01 JSON, each as the model describes it. */
import type { AmazonAddress, AmazonOrderItem } from '../sp_api/types';
import { STATUS_TO_2026 } from '../sp_api/map_orders_2026';
import { marketplace } from '../sp_api/marketplaces';
import { fmt } from './money';
import type { SandboxOrder } from './state';

type Json = Record<string, unknown>;

/** Leaves out null / undefined members: Amazon omits what it does not have. */
function compact<T extends Json>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/** Which restricted data a request may see (from its restricted data token). */
export interface PiiGrant {
  buyerInfo: boolean;
  shippingAddress: boolean;
}

function v0Address(a: AmazonAddress, full: boolean): Json {
  // Without the shippingAddress data element Amazon still tells where the parcel goes, roughly.
  if (!full) return compact({ City: a.city, StateOrRegion: a.stateOrRegion, PostalCode: a.postalCode, CountryCode: a.countryCode });
  return compact({
    Name: a.name, CompanyName: a.companyName, AddressLine1: a.addressLine1, AddressLine2: a.addressLine2,
    AddressLine3: a.addressLine3, City: a.city, County: a.county, StateOrRegion: a.stateOrRegion, PostalCode: a.postalCode,
    CountryCode: a.countryCode, Phone: a.phone, AddressType: a.addressType,
  });
}

export function renderV0Order(s: SandboxOrder, pii: PiiGrant): Json {
  const o = s.order;
  const m = marketplace(o.marketplaceId);
  const money = (amount: number) => ({ CurrencyCode: o.currency!, Amount: fmt(amount, o.currency!) });
  const shipped = o.items.reduce((n, i) => n + i.quantityShipped, 0);
  const ordered = o.items.reduce((n, i) => n + i.quantityOrdered, 0);
  const buyer = o.buyer;
  return compact({
    AmazonOrderId: o.ref,
    SellerOrderId: s.sellerOrderId,
    PurchaseDate: o.purchaseDate,
    LastUpdateDate: o.lastUpdateDate,
    OrderStatus: o.status,
    FulfillmentChannel: o.channel === 'FBA' ? 'AFN' : 'MFN',
    SalesChannel: m?.name ?? null,
    ShipServiceLevel: s.shipServiceLevelName,
    OrderTotal: o.currency && o.orderTotal !== null ? money(o.orderTotal) : null,
    NumberOfItemsShipped: shipped,
    NumberOfItemsUnshipped: ordered - shipped,
    PaymentMethod: 'Other',
    PaymentMethodDetails: ['Standard'],
    MarketplaceId: o.marketplaceId,
    ShipmentServiceLevelCategory: o.shipServiceLevel,
    OrderType: 'StandardOrder',
    EarliestShipDate: o.purchaseDate,
    LatestShipDate: s.latestShipDate,
    IsBusinessOrder: o.isBusinessOrder,
    IsPrime: s.isPrime,
    IsPremiumOrder: false,
    IsGlobalExpressEnabled: false,
    IsReplacementOrder: o.isReplacementOrder,
    ReplacedOrderId: o.replacedOrderRef,
    IsSoldByAB: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    ShippingAddress: o.shippingAddress ? v0Address(o.shippingAddress, pii.shippingAddress) : null,
    BuyerInfo: pii.buyerInfo
      ? compact({
        BuyerEmail: buyer.email,
        BuyerName: buyer.name,
        BuyerTaxInfo: buyer.companyName || buyer.vatNumber
          ? compact({
            CompanyLegalName: buyer.companyName,
            TaxClassifications: buyer.vatNumber ? [{ Name: 'VATNumber', Value: buyer.vatNumber }] : null,
          })
          : null,
      })
      : null,
  });
}

export function renderV0Item(s: SandboxOrder, item: AmazonOrderItem, pii: PiiGrant): Json {
  const currency = s.order.currency;
  const money = (amount: number) => (currency ? { CurrencyCode: currency, Amount: fmt(amount, currency) } : null);
  return compact({
    ASIN: item.asin ?? 'B000000000',
    SellerSKU: item.sku,
    OrderItemId: item.ref,
    Title: item.title,
    QuantityOrdered: item.quantityOrdered,
    QuantityShipped: item.quantityShipped,
    ItemPrice: money(item.itemPrice),
    ItemTax: money(item.itemTax),
    ShippingPrice: item.shippingPrice ? money(item.shippingPrice) : null,
    ShippingTax: item.shippingPrice ? money(item.shippingTax) : null,
    ShippingDiscount: item.shippingDiscount ? money(item.shippingDiscount) : null,
    ShippingDiscountTax: item.shippingDiscount ? money(item.shippingDiscountTax) : null,
    PromotionDiscount: item.promotionDiscount ? money(item.promotionDiscount) : null,
    PromotionDiscountTax: item.promotionDiscount ? money(item.promotionDiscountTax) : null,
    PromotionIds: s.promotionIds[item.ref]?.length ? s.promotionIds[item.ref] : null,
    IsGift: item.isGift ? 'true' : 'false',
    ConditionId: 'New',
    ConditionSubtypeId: 'New',
    // Gift data are buyer information: only with a restricted data token that grants it.
    BuyerInfo: pii.buyerInfo && item.isGift
      ? compact({
        GiftWrapPrice: item.giftWrapPrice ? money(item.giftWrapPrice) : null,
        GiftWrapTax: item.giftWrapPrice ? money(item.giftWrapTax) : null,
        GiftWrapLevel: item.giftWrapLevel,
        GiftMessageText: item.giftMessage,
      })
      : null,
  });
}

function address2026(a: AmazonAddress): Json {
  return compact({
    name: a.name, companyName: a.companyName, addressLine1: a.addressLine1, addressLine2: a.addressLine2,
    addressLine3: a.addressLine3, city: a.city, districtOrCounty: a.county, stateOrRegion: a.stateOrRegion,
    postalCode: a.postalCode, countryCode: a.countryCode, phone: a.phone,
    addressType: a.addressType ? a.addressType.toUpperCase() : null,
  });
}

function item2026(s: SandboxOrder, item: AmazonOrderItem, data: Set<string>): Json {
  const currency = s.order.currency;
  const money = (amount: number) => ({ amount: fmt(amount, currency!), currencyCode: currency! });
  let proceeds: Json | null = null;
  if (data.has('PROCEEDS') && currency) {
    const breakdowns: Json[] = [{ type: 'ITEM', subtotal: money(item.itemPrice) }];
    if (item.shippingPrice) breakdowns.push({ type: 'SHIPPING', subtotal: money(item.shippingPrice) });
    if (item.giftWrapPrice) breakdowns.push({ type: 'GIFT_WRAP', subtotal: money(item.giftWrapPrice) });
    const taxes = ([['ITEM', item.itemTax], ['SHIPPING', item.shippingTax], ['GIFT_WRAP', item.giftWrapTax], ['DISCOUNT', -item.promotionDiscountTax]] as const)
      .filter(([, v]) => v !== 0);
    if (taxes.length) {
      const sum = taxes.reduce((t, [, v]) => t + v, 0);
      breakdowns.push({ type: 'TAX', subtotal: money(sum), detailedBreakdowns: taxes.map(([subtype, v]) => ({ subtype, value: money(v) })) });
    }
    const discounts = ([['ITEM', -item.promotionDiscount], ['SHIPPING', -item.shippingDiscount]] as const).filter(([, v]) => v !== 0);
    if (discounts.length) {
      const sum = discounts.reduce((t, [, v]) => t + v, 0);
      breakdowns.push({ type: 'DISCOUNT', subtotal: money(sum), detailedBreakdowns: discounts.map(([subtype, v]) => ({ subtype, value: money(v) })) });
    }
    const total = breakdowns.reduce((t, b) => t + Number((b.subtotal as { amount: string }).amount), 0);
    proceeds = { proceedsTotal: money(total), breakdowns };
  }
  const gift = item.isGift ? compact({ giftMessage: item.giftMessage, giftWrapLevel: item.giftWrapLevel }) : null;
  return compact({
    orderItemId: item.ref,
    quantityOrdered: item.quantityOrdered,
    product: compact({
      asin: item.asin, title: item.title, sellerSku: item.sku,
      condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
      price: currency ? { unitPrice: money(item.quantityOrdered ? item.itemPrice / item.quantityOrdered : 0) } : null,
    }),
    proceeds,
    promotion: data.has('PROMOTION') && s.promotionIds[item.ref]?.length
      ? { breakdowns: s.promotionIds[item.ref]!.map((promotionId) => ({ promotionId })) } : null,
    fulfillment: data.has('FULFILLMENT')
      ? compact({
        quantityFulfilled: item.quantityShipped,
        quantityUnfulfilled: item.quantityOrdered - item.quantityShipped,
        packing: gift ? { giftOption: gift } : null,
      })
      : null,
  });
}

export function render2026Order(s: SandboxOrder, data: Set<string>): Json {
  const o = s.order;
  const m = marketplace(o.marketplaceId);
  const programs = [...(s.isPrime ? ['PRIME'] : []), ...(o.isBusinessOrder ? ['AMAZON_BUSINESS'] : []), ...(o.channel === 'FBA' ? ['DELIVERY_BY_AMAZON'] : [])];
  const status = STATUS_TO_2026[o.status] ?? 'PENDING';
  const b = o.buyer;
  return compact({
    orderId: o.ref,
    orderAliases: s.sellerOrderId ? [{ aliasId: s.sellerOrderId, aliasType: 'SELLER_ORDER_ID' }] : null,
    createdTime: o.purchaseDate,
    lastUpdatedTime: o.lastUpdateDate,
    programs,
    associatedOrders: o.replacedOrderRef ? [{ orderId: o.replacedOrderRef, associationType: 'REPLACEMENT_ORIGINAL_ID' }] : null,
    salesChannel: compact({ channelName: 'AMAZON', marketplaceId: o.marketplaceId, marketplaceName: m?.name ?? null }),
    buyer: data.has('BUYER') && (b.name || b.email || b.companyName) ? compact({ buyerName: b.name, buyerEmail: b.email, buyerCompanyName: b.companyName }) : null,
    recipient: data.has('RECIPIENT') && o.shippingAddress ? { deliveryAddress: address2026(o.shippingAddress) } : null,
    proceeds: data.has('PROCEEDS') && o.currency && o.orderTotal !== null
      ? { grandTotal: { amount: fmt(o.orderTotal, o.currency), currencyCode: o.currency } } : null,
    tax: data.has('TAX') && b.vatNumber
      ? { taxRegistrations: [compact({ entityType: 'BUYER', legalName: b.companyName, taxRegistrationType: 'VAT', taxRegistrationNumber: b.vatNumber })] }
      : null,
    fulfillment: data.has('FULFILLMENT')
      ? compact({
        fulfillmentStatus: status,
        fulfilledBy: o.channel === 'FBA' ? 'AMAZON' : 'MERCHANT',
        fulfillmentServiceLevel: o.shipServiceLevel ? o.shipServiceLevel.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() : null,
        shipByWindow: { earliestDateTime: o.purchaseDate, latestDateTime: s.latestShipDate },
      })
      : null,
    orderItems: o.items.map((i) => item2026(s, i, data)),
    packages: data.has('PACKAGES') && s.packages.length
      ? s.packages.map((p) => ({
        packageReferenceId: p.packageReferenceId,
        createdTime: p.at,
        packageStatus: { status: 'SHIPPED' },
        carrier: p.carrierCode === 'Other' ? p.carrierName ?? 'Other' : p.carrierCode,
        shipTime: p.shipDate,
        ...(p.shippingMethod ? { shippingService: p.shippingMethod } : {}),
        trackingNumber: p.trackingNumber,
        packageItems: p.items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
      }))
      : null,
  });
}
