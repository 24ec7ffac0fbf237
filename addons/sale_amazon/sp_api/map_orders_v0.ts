/** Orders v0 JSON → domain order. */
import type { AmazonAddress, AmazonOrder, AmazonOrderItem, OrderStatus, ShipServiceLevel } from './types';
import { ORDER_STATUSES } from './types';
import { cleanStrings } from './clean_text';
import type { V0Address, V0Money, V0Order, V0OrderItem } from './wire';

export class MappingError extends Error {
  override readonly name = 'MappingError';
}

/** Amazon sends decimals as strings; a missing amount is zero, an unreadable one is an error. */
export function decimal(value: string | number | undefined | null, what: string): number {
  if (value === undefined || value === null || value === '') return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new MappingError(`${what} is not a number: ${JSON.stringify(value)}`);
  return n;
}

const money = (m: V0Money | undefined, what: string): number => decimal(m?.Amount, what);

export function orNull(value: string | undefined | null): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

export function orderStatus(value: string): OrderStatus {
  if ((ORDER_STATUSES as readonly string[]).includes(value)) return value as OrderStatus;
  throw new MappingError(`unknown order status ${value}`);
}

const SERVICE_LEVELS: readonly ShipServiceLevel[] = [
  'Expedited', 'FreeEconomy', 'NextDay', 'Priority', 'SameDay', 'SecondDay', 'Scheduled', 'Standard',
];

export function shipServiceLevel(value: string | undefined): ShipServiceLevel | null {
  if (!value) return null;
  // Orders v0 spells it `FreeEconomy`, Orders 2026-01-01 `FREE_ECONOMY`.
  const key = value.replace(/_/g, '').toLowerCase();
  return SERVICE_LEVELS.find((level) => level.toLowerCase() === key) ?? null;
}

function address(a: V0Address | undefined): AmazonAddress | null {
  if (!a) return null;
  return {
    name: orNull(a.Name),
    companyName: orNull(a.CompanyName),
    addressLine1: orNull(a.AddressLine1),
    addressLine2: orNull(a.AddressLine2),
    addressLine3: orNull(a.AddressLine3),
    city: orNull(a.City),
    county: orNull(a.County) ?? orNull(a.District),
    stateOrRegion: orNull(a.StateOrRegion),
    postalCode: orNull(a.PostalCode),
    countryCode: orNull(a.CountryCode),
    phone: orNull(a.Phone),
    addressType: a.AddressType ?? null,
  };
}

function buyerVat(order: V0Order): string | null {
  const classifications = order.BuyerInfo?.BuyerTaxInfo?.TaxClassifications ?? [];
  const vat = classifications.find((c) => /vat|tax/i.test(c.Name ?? '') && c.Value);
  return orNull(vat?.Value) ?? orNull(order.BuyerTaxInformation?.BuyerTaxRegistrationId);
}

export function mapV0Item(item: V0OrderItem): AmazonOrderItem {
  const what = (field: string) => `order item ${item.OrderItemId} ${field}`;
  return {
    ref: item.OrderItemId,
    sku: orNull(item.SellerSKU),
    asin: orNull(item.ASIN),
    title: orNull(item.Title),
    quantityOrdered: item.QuantityOrdered,
    quantityShipped: item.QuantityShipped ?? 0,
    itemPrice: money(item.ItemPrice, what('ItemPrice')),
    itemTax: money(item.ItemTax, what('ItemTax')),
    shippingPrice: money(item.ShippingPrice, what('ShippingPrice')),
    shippingTax: money(item.ShippingTax, what('ShippingTax')),
    shippingDiscount: Math.abs(money(item.ShippingDiscount, what('ShippingDiscount'))),
    shippingDiscountTax: Math.abs(money(item.ShippingDiscountTax, what('ShippingDiscountTax'))),
    promotionDiscount: Math.abs(money(item.PromotionDiscount, what('PromotionDiscount'))),
    promotionDiscountTax: Math.abs(money(item.PromotionDiscountTax, what('PromotionDiscountTax'))),
    // Amazon sends IsGift as the string "true" / "false".
    isGift: String(item.IsGift).toLowerCase() === 'true',
    giftWrapPrice: money(item.BuyerInfo?.GiftWrapPrice, what('GiftWrapPrice')),
    giftWrapTax: money(item.BuyerInfo?.GiftWrapTax, what('GiftWrapTax')),
    giftWrapLevel: orNull(item.BuyerInfo?.GiftWrapLevel),
    giftMessage: orNull(item.BuyerInfo?.GiftMessageText),
  };
}

/** Maps an order from getOrders / getOrder plus its items from getOrderItems. */
export function mapV0Order(order: V0Order, items: V0OrderItem[]): AmazonOrder {
  if (typeof order.AmazonOrderId !== 'string') throw new MappingError('order without AmazonOrderId');
  const info = order.BuyerInfo;
  return cleanStrings({
    ref: order.AmazonOrderId,
    status: orderStatus(order.OrderStatus),
    channel: order.FulfillmentChannel === 'AFN' ? 'FBA' : 'FBM',
    marketplaceId: order.MarketplaceId ?? '',
    purchaseDate: order.PurchaseDate,
    lastUpdateDate: order.LastUpdateDate,
    currency: orNull(order.OrderTotal?.CurrencyCode),
    orderTotal: order.OrderTotal?.Amount !== undefined ? decimal(order.OrderTotal.Amount, `order ${order.AmazonOrderId} OrderTotal`) : null,
    buyer: {
      name: orNull(info?.BuyerName),
      email: orNull(info?.BuyerEmail),
      companyName: orNull(info?.BuyerTaxInfo?.CompanyLegalName) ?? orNull(order.BuyerTaxInformation?.BuyerLegalCompanyName),
      vatNumber: buyerVat(order),
    },
    shippingAddress: address(order.ShippingAddress),
    isBusinessOrder: order.IsBusinessOrder === true,
    isReplacementOrder: order.IsReplacementOrder === true,
    replacedOrderRef: orNull(order.ReplacedOrderId),
    shipServiceLevel: shipServiceLevel(order.ShipmentServiceLevelCategory),
    items: items.map(mapV0Item),
  });
}
