import { AMAZON_CARRIERS, isAmazonCarrierCode, matchCarrier } from '../../../addons/sale_amazon/sp_api/carriers';

describe('matchCarrier', () => {
  it.each([
    ['DHL', 'DHL'],
    ['d_H l)', 'DHL'],
    ['ups', 'UPS'],
    ['Fed Ex', 'FedEx'],
    ['royal-mail', 'Royal Mail'],
    ['ROYAL_MAIL', 'Royal Mail'],
    ['dpdgb', 'DPD'],
    ['hermesgb', 'Hermes UK'],
    ['Transaragones', 'Transaragonés'],
    ['self delivery', 'Self Delivery'],
    ['SelfDelivery', 'Self Delivery'],
    ['Deutsche Post', 'Deutsche Post'],
  ])('%s → %s', (name, code) => {
    expect(matchCarrier(name)).toEqual({ carrierCode: code });
  });

  it('sends an unknown carrier as Other with its own name', () => {
    expect(matchCarrier('My Truck')).toEqual({ carrierCode: 'Other', carrierName: 'My Truck' });
    expect(matchCarrier('  ')).toEqual({ carrierCode: 'Other', carrierName: '' });
  });

  it('treats the words for "other" as Other, which needs a name', () => {
    expect(matchCarrier('Sonstige')).toEqual({ carrierCode: 'Other', carrierName: 'Sonstige' });
  });

  it('holds Amazon\'s list without duplicates', () => {
    expect(new Set(AMAZON_CARRIERS).size).toBe(AMAZON_CARRIERS.length);
    expect(AMAZON_CARRIERS.length).toBeGreaterThan(300);
    expect(isAmazonCarrierCode('USPS')).toBe(true);
    expect(isAmazonCarrierCode('usps')).toBe(false);
  });
});
