/**
 * The parts of Amazon's JSON that the mappers read, typed after the official models
 * (shared/sp-api-models). Everything is optional unless the model marks it required, because
 * Amazon leaves out what a seller may not see. Only the mappers and the adapter import this file.
 */

/* ---------- Orders v0 ---------- */
export interface V0Money { CurrencyCode?: string; Amount?: string }
export interface V0Address {
  Name?: string; CompanyName?: string; AddressLine1?: string; AddressLine2?: string; AddressLine3?: string;
  City?: string; County?: string; District?: string; StateOrRegion?: string; Municipality?: string;
  PostalCode?: string; CountryCode?: string; Phone?: string; AddressType?: 'Residential' | 'Commercial';
}
export interface V0TaxClassification { Name?: string; Value?: string }
export interface V0BuyerInfo {
  BuyerEmail?: string; BuyerName?: string; BuyerCounty?: string; PurchaseOrderNumber?: string;
  BuyerTaxInfo?: { CompanyLegalName?: string; TaxingRegion?: string; TaxClassifications?: V0TaxClassification[] };
}
export interface V0Order {
  AmazonOrderId: string; SellerOrderId?: string; PurchaseDate: string; LastUpdateDate: string; OrderStatus: string;
  FulfillmentChannel?: 'MFN' | 'AFN'; SalesChannel?: string; ShipServiceLevel?: string; OrderTotal?: V0Money;
  NumberOfItemsShipped?: number; NumberOfItemsUnshipped?: number; PaymentMethod?: string; PaymentMethodDetails?: string[];
  MarketplaceId?: string; ShipmentServiceLevelCategory?: string; OrderType?: string;
  EarliestShipDate?: string; LatestShipDate?: string; IsBusinessOrder?: boolean; IsPrime?: boolean; IsPremiumOrder?: boolean;
  IsGlobalExpressEnabled?: boolean; ReplacedOrderId?: string; IsReplacementOrder?: boolean; IsSoldByAB?: boolean;
  IsISPU?: boolean; IsAccessPointOrder?: boolean;
  BuyerTaxInformation?: { BuyerLegalCompanyName?: string; BuyerBusinessAddress?: string; BuyerTaxRegistrationId?: string; BuyerTaxOffice?: string };
  ShippingAddress?: V0Address; BuyerInfo?: V0BuyerInfo;
}
export interface V0OrderItem {
  ASIN: string; SellerSKU?: string; OrderItemId: string; Title?: string; QuantityOrdered: number; QuantityShipped?: number;
  ItemPrice?: V0Money; ShippingPrice?: V0Money; ItemTax?: V0Money; ShippingTax?: V0Money; ShippingDiscount?: V0Money;
  ShippingDiscountTax?: V0Money; PromotionDiscount?: V0Money; PromotionDiscountTax?: V0Money; PromotionIds?: string[];
  IsGift?: string; ConditionId?: string; ConditionSubtypeId?: string; ConditionNote?: string;
  BuyerInfo?: { GiftWrapPrice?: V0Money; GiftWrapTax?: V0Money; GiftMessageText?: string; GiftWrapLevel?: string };
}
export interface V0OrdersList { Orders: V0Order[]; NextToken?: string; LastUpdatedBefore?: string; CreatedBefore?: string }
export interface V0OrderItemsList { AmazonOrderId: string; OrderItems: V0OrderItem[]; NextToken?: string }

/* ---------- Orders 2026-01-01 ---------- */
export interface Money2026 { amount: string; currencyCode: string }
export interface Address2026 {
  name?: string; companyName?: string; addressLine1?: string; addressLine2?: string; addressLine3?: string; city?: string;
  districtOrCounty?: string; stateOrRegion?: string; municipality?: string; postalCode?: string; countryCode?: string;
  phone?: string; addressType?: string;
}
export interface ProceedsBreakdown2026 {
  type: string; subtotal: Money2026; detailedBreakdowns?: { subtype?: string; value?: Money2026 }[];
}
export interface OrderItem2026 {
  orderItemId: string; quantityOrdered: number; programs?: string[];
  product: {
    asin?: string; title?: string; sellerSku?: string;
    condition?: { conditionType?: string; conditionSubtype?: string; conditionNote?: string };
    price?: { unitPrice?: Money2026; priceDesignation?: string };
  };
  proceeds?: { proceedsTotal?: Money2026; breakdowns?: ProceedsBreakdown2026[] };
  promotion?: { breakdowns?: { promotionId?: string }[] };
  fulfillment?: {
    quantityFulfilled?: number; quantityUnfulfilled?: number;
    packing?: { giftOption?: { giftMessage?: string; giftWrapLevel?: string } };
  };
}
export interface Order2026 {
  orderId: string; createdTime: string; lastUpdatedTime: string; programs?: string[];
  orderAliases?: { aliasId: string; aliasType: string }[];
  associatedOrders?: { orderId?: string; associationType?: string }[];
  salesChannel: { channelName: string; marketplaceId?: string; marketplaceName?: string };
  buyer?: { buyerName?: string; buyerEmail?: string; buyerCompanyName?: string; buyerPurchaseOrderNumber?: string };
  recipient?: { deliveryAddress?: Address2026 };
  proceeds?: { grandTotal?: Money2026; breakdowns?: { type: string; status?: string; subtotal: Money2026 }[] };
  tax?: { taxRegistrations?: { entityType?: string; legalName?: string; taxRegistrationType?: string; taxRegistrationNumber?: string }[] };
  fulfillment?: {
    fulfillmentStatus: string; fulfilledBy?: string; fulfillmentServiceLevel?: string;
    shipByWindow?: { earliestDateTime?: string; latestDateTime?: string };
  };
  orderItems: OrderItem2026[];
  packages?: unknown[];
}
export interface SearchOrdersResponse2026 {
  orders: Order2026[]; pagination?: { nextToken?: string }; lastUpdatedBefore?: string; createdBefore?: string;
}

/* ---------- Finances ---------- */
export interface FinCurrency { CurrencyCode?: string; CurrencyAmount?: number }
export interface FinEventGroup {
  FinancialEventGroupId?: string; ProcessingStatus?: string; FundTransferStatus?: string; OriginalTotal?: FinCurrency;
  ConvertedTotal?: FinCurrency; FundTransferDate?: string; TraceId?: string; AccountTail?: string;
  BeginningBalance?: FinCurrency; FinancialEventGroupStart?: string; FinancialEventGroupEnd?: string;
}
export interface FinShipmentItem {
  SellerSKU?: string; OrderItemId?: string; OrderAdjustmentItemId?: string; QuantityShipped?: number;
  ItemChargeList?: { ChargeType?: string; ChargeAmount?: FinCurrency }[];
  ItemChargeAdjustmentList?: { ChargeType?: string; ChargeAmount?: FinCurrency }[];
  ItemFeeList?: { FeeType?: string; FeeAmount?: FinCurrency }[];
  ItemFeeAdjustmentList?: { FeeType?: string; FeeAmount?: FinCurrency }[];
  PromotionList?: { PromotionType?: string; PromotionId?: string; PromotionAmount?: FinCurrency }[];
  PromotionAdjustmentList?: { PromotionType?: string; PromotionId?: string; PromotionAmount?: FinCurrency }[];
}
export interface FinShipmentEvent {
  AmazonOrderId?: string; SellerOrderId?: string; MarketplaceName?: string; PostedDate?: string;
  ShipmentItemList?: FinShipmentItem[]; ShipmentItemAdjustmentList?: FinShipmentItem[];
}
export interface FinancialEvents {
  ShipmentEventList?: FinShipmentEvent[]; RefundEventList?: FinShipmentEvent[]; [other: string]: unknown;
}
export interface Currency2024 { currencyCode?: string; currencyAmount?: number }
export interface Breakdown2024 { breakdownType?: string; breakdownAmount?: Currency2024; breakdowns?: Breakdown2024[] }
export interface Transaction2024 {
  sellingPartnerMetadata?: { sellingPartnerId?: string; accountType?: string; marketplaceId?: string };
  relatedIdentifiers?: { relatedIdentifierName?: string; relatedIdentifierValue?: string }[];
  transactionType?: string; transactionId?: string; transactionStatus?: string; description?: string; postedDate?: string;
  totalAmount?: Currency2024; marketplaceDetails?: { marketplaceId?: string; marketplaceName?: string };
  breakdowns?: Breakdown2024[];
}

/* ---------- Feeds, reports, sellers, tokens ---------- */
export interface WireFeed {
  feedId: string; feedType: string; marketplaceIds?: string[]; createdTime: string; processingStatus: string;
  processingStartTime?: string; processingEndTime?: string; resultFeedDocumentId?: string;
}
export interface WireReport {
  reportId: string; reportType: string; marketplaceIds?: string[]; createdTime: string; processingStatus: string;
  dataStartTime?: string; dataEndTime?: string; reportDocumentId?: string; reportScheduleId?: string;
  processingStartTime?: string; processingEndTime?: string;
}
export interface WireDocument { feedDocumentId?: string; reportDocumentId?: string; url: string; compressionAlgorithm?: string }
export interface WireParticipation {
  marketplace: { id: string; name: string; countryCode: string; defaultCurrencyCode: string; defaultLanguageCode: string; domainName: string };
  participation: { isParticipating: boolean; hasSuspendedListings: boolean };
}
