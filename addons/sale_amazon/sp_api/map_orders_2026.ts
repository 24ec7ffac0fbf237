/**
 * Orders 2026-01-01 JSON → domain order (the same domain order as Orders v0 gives).
 *
 * Amounts come from each item's `proceeds.breakdowns`: ITEM, SHIPPING, GIFT_WRAP are prices; TAX is
 * split by its detailed subtypes (ITEM, SHIPPING, GIFT_WRAP, DISCOUNT); DISCOUNT by subtypes ITEM
 * (promotion) and SHIPPING (shipping discount). The model has no tax subtype for a shipping
 * discount, so all discount tax is reported as promotion discount tax.
 */
import type { AmazonAddress, AmazonOrder, AmazonOrderItem, OrderStatus } from './types';
import { MappingError, decimal, orNull, shipServiceLevel } from './map_orders_v0';
import { cleanStrings } from './clean_text';
import type { Address2026, Order2026, OrderItem2026 } from './wire';

/** The datasets the adapter asks for: everything the domain order needs, nothing more. */
export const INCLUDED_DATA = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'PROMOTION', 'FULFILLMENT', 'TAX'] as const;

const STATUS: Record<string, OrderStatus> = {
  PENDING_AVAILABILITY: 'PendingAvailability',
  PENDING: 'Pending',
  UNSHIPPED: 'Unshipped',
  PARTIALLY_SHIPPED: 'PartiallyShipped',
  SHIPPED: 'Shipped',
  CANCELLED: 'Canceled',
  UNFULFILLABLE: 'Unfulfillable',
};

export const STATUS_TO_2026: Record<OrderStatus, string | null> = {
  PendingAvailability: 'PENDING_AVAILABILITY',
  Pending: 'PENDING',
  Unshipped: 'UNSHIPPED',
  PartiallyShipped: 'PARTIALLY_SHIPPED',
  Shipped: 'SHIPPED',
  Canceled: 'CANCELLED',
  Unfulfillable: 'UNFULFILLABLE',
  InvoiceUnconfirmed: null, // Orders v0 only
};

function address(a: Address2026 | undefined): AmazonAddress | null {
  if (!a) return null;
  const type = a.addressType?.toUpperCase();
  return {
    name: orNull(a.name),
    companyName: orNull(a.companyName),
    addressLine1: orNull(a.addressLine1),
    addressLine2: orNull(a.addressLine2),
    addressLine3: orNull(a.addressLine3),
    city: orNull(a.city),
    county: orNull(a.districtOrCounty),
    stateOrRegion: orNull(a.stateOrRegion),
    postalCode: orNull(a.postalCode),
    countryCode: orNull(a.countryCode),
    phone: orNull(a.phone),
    addressType: type === 'COMMERCIAL' ? 'Commercial' : type === 'RESIDENTIAL' ? 'Residential' : null,
  };
}

export function map2026Item(item: OrderItem2026): AmazonOrderItem {
  const sums: Record<string, number> = {};
  const add = (key: string, value: string | undefined) => {
    sums[key] = (sums[key] ?? 0) + decimal(value, `order item ${item.orderItemId} ${key}`);
  };
  for (const b of item.proceeds?.breakdowns ?? []) {
    const details = b.detailedBreakdowns ?? [];
    if ((b.type === 'TAX' || b.type === 'DISCOUNT') && details.length > 0) {
      for (const d of details) add(`${b.type}/${d.subtype ?? 'ITEM'}`, d.value?.amount);
    } else {
      add(b.type === 'TAX' || b.type === 'DISCOUNT' ? `${b.type}/ITEM` : b.type, b.subtotal.amount);
    }
  }
  const get = (key: string) => sums[key] ?? 0;
  const gift = item.fulfillment?.packing?.giftOption;
  return {
    ref: item.orderItemId,
    sku: orNull(item.product.sellerSku),
    asin: orNull(item.product.asin),
    title: orNull(item.product.title),
    quantityOrdered: item.quantityOrdered,
    quantityShipped: item.fulfillment?.quantityFulfilled ?? 0,
    itemPrice: get('ITEM'),
    itemTax: get('TAX/ITEM'),
    shippingPrice: get('SHIPPING'),
    shippingTax: get('TAX/SHIPPING'),
    shippingDiscount: Math.abs(get('DISCOUNT/SHIPPING')),
    shippingDiscountTax: 0,
    promotionDiscount: Math.abs(get('DISCOUNT/ITEM')),
    promotionDiscountTax: Math.abs(get('TAX/DISCOUNT')),
    isGift: gift !== undefined,
    giftWrapPrice: get('GIFT_WRAP'),
    giftWrapTax: get('TAX/GIFT_WRAP'),
    giftWrapLevel: orNull(gift?.giftWrapLevel),
    giftMessage: orNull(gift?.giftMessage),
  };
}

export function map2026Order(order: Order2026): AmazonOrder {
  if (typeof order.orderId !== 'string') throw new MappingError('order without orderId');
  if (!order.fulfillment) {
    throw new MappingError(`order ${order.orderId} has no fulfillment data: request includedData FULFILLMENT`);
  }
  const status = STATUS[order.fulfillment.fulfillmentStatus];
  if (!status) throw new MappingError(`unknown fulfillment status ${order.fulfillment.fulfillmentStatus}`);
  const registration = order.tax?.taxRegistrations?.find((r) => r.entityType === 'BUYER' && r.taxRegistrationNumber);
  const total = order.proceeds?.grandTotal;
  const replaced = order.associatedOrders?.find((a) => a.associationType === 'REPLACEMENT_ORIGINAL_ID');
  return cleanStrings({
    ref: order.orderId,
    status,
    channel: order.fulfillment.fulfilledBy === 'AMAZON' ? 'FBA' : 'FBM',
    marketplaceId: order.salesChannel.marketplaceId ?? '',
    purchaseDate: order.createdTime,
    lastUpdateDate: order.lastUpdatedTime,
    currency: orNull(total?.currencyCode),
    orderTotal: total ? decimal(total.amount, `order ${order.orderId} grandTotal`) : null,
    buyer: {
      name: orNull(order.buyer?.buyerName),
      email: orNull(order.buyer?.buyerEmail),
      companyName: orNull(order.buyer?.buyerCompanyName) ?? orNull(registration?.legalName),
      vatNumber: orNull(registration?.taxRegistrationNumber),
    },
    shippingAddress: address(order.recipient?.deliveryAddress),
    isBusinessOrder: order.programs?.includes('AMAZON_BUSINESS') ?? false,
    isReplacementOrder: replaced !== undefined,
    replacedOrderRef: orNull(replaced?.orderId),
    shipServiceLevel: shipServiceLevel(order.fulfillment.fulfillmentServiceLevel),
    items: order.orderItems.map(map2026Item),
  });
}
