/**
 * Amazon's carrier names (the CarrierCode / CarrierName values of amzn-base.xsd release 4.1, as the
 * reference connector lists them; see shared/reference/amazon-connector-behaviour.md §8.3), and the
 * matching of a delivery carrier's name to one of them.
 */
export const AMAZON_CARRIERS: readonly string[] = [
  'Self Delivery',
  '4PX', 'A-1', 'AAA Cooper', 'ABF', 'AFL/Fedex', 'ALLJOY', 'AMAUK', 'Amazon Shipping', 'AMZL', 'AMZL_UK', 'Andere', 'AO',
  'AO Deutschland', 'APC', 'APC-Overnight', 'Aramex', 'Aras Kargo', 'Arco Spedizioni', 'Arkas', 'Arrow XL', 'Asendia',
  'Asgard', 'Assett', 'AT Post', 'ATS', 'AUSSIE_POST', 'Australia Post', 'Australia Post-ArticleId',
  'Australia Post-Consignment', 'B2C', 'B2C Europe', 'Balnak', 'Bartolini', 'Beijing Quanfeng Express', 'Best Buy',
  'Best Express', 'BJS', 'BlueDart', 'Blue Package', 'Bombax', 'BPOST', 'BRT', 'Canada Post', 'CargoLine', 'Caribou',
  'Cart2India', 'CBL', 'CDC', 'CELERITAS', 'Centex', 'CEVA', 'Ceva Lojistik', 'China Post', 'Chrono Express', 'Chronopost',
  'Chukou1', 'Cititrans', 'City Link', 'Citypost', 'CNE', 'Coliposte', 'COLIS PRIVE', 'Colissimo', 'Consegna Mezzi Propri',
  'Conway', 'Correios', 'Correos', 'Correos Express', 'CouriersPlease', 'CTT EXPRESS', 'Cubyn', 'DACHSER', 'DACSHER',
  'DASCHER', 'DB Schenker', 'DEL Deliveries', 'Delhivery', 'Delivengo', 'Delivery Group', 'Der Kurier', 'Deutsche Post',
  'DHL', 'DHL eCommerce', 'DHL Express', 'DHL Freight', 'DHL Global Mail', 'DHL Home Delivery', 'DHL Kargo', 'DHL-Paket',
  'DHLPL', 'Digital Delivery', 'DirectLog', 'Dotzot', 'DPB', 'DPD', 'DPD Local', 'DSV', 'DTDC', 'DX', 'DX Express',
  'DX Freight', 'DX Secure', 'DYNAMIC EXPRESS', 'EasyShip', 'ECMS', 'Ecom Express', 'EINSA SOURCING', 'EKI Trans',
  'Emirates Post', 'Emons', 'Endopack', 'Energo', 'Envialia', 'Equick', 'Estafeta', 'Estes', 'EUB', 'Europaczka', 'Exapaq',
  'FAST EST', 'Fastway', 'FedEx', 'Fedex Freight', 'FEDEX_JP', 'FedEx SmartPost', 'FERCAM', 'Fillo Kargo', 'First Flight',
  'First Flight China', 'First Mile', 'FRACHTPOST', 'France Express', 'Gati', 'GEL', 'GEL Express', 'GEODIS',
  'Geodis Calberson', 'Geopost Kargo', 'GFS', 'GLS', 'GO!', 'GRUPO LOGISTIC', 'Hellmann', 'Heppner', 'Hermes',
  'Hermes (Corporate)', 'Hermes Einrichtungsservice', 'Hermes Logistik Gruppe', 'Hermes UK', 'Hlog', 'Home Logistics',
  'honesteye', 'Hongkong Post', 'Horoz Lojistik', 'Hotpoint Logistics', 'HRP', 'HS code', 'HubEurope', 'Hunter Logistics',
  'Huxloe', 'Huxloe Logistics', 'ICC Worldwide', 'IDS', 'IDS Netzwerk', 'iMile', 'India Post', 'InPost', 'Interlink',
  'Interno', 'Intersoft', 'iParcel', 'ITD Global', 'Japan Post', 'JCEX', 'Jersey Post', 'JP_EXPRESS', 'JPL UPU', 'Kargokar',
  'KEAVO', 'Kuehne+Nagel', 'Kybotech', 'Landmark', 'Landmark Global', 'La Poste', 'Lasership', 'Liccardi', 'Mail Alliance',
  'Mainpost', 'MBE', 'Metro Kargo', 'Mezzi propri', 'MHI', 'Milkman', 'MNG Kargo', 'Mondial Relay', 'MRW',
  'MZZ Briefdienst', 'Nacex', 'Narpost Kargo', 'Newgistics', 'Nexive', 'Ninjavan', 'NipponExpress', 'NITTSU', 'NOVEO',
  'NTL', 'OCS Worldwide', 'Old Dominion', 'OneWorldExpress', 'ONTIME', 'OnTrac', 'OSM', 'Other', 'Otro',
  'Overnite Express', 'Palletline', 'Palletways', 'Panther', 'Parcel2go', 'PARCEL2GO.COM', 'ParcelDenOnline', 'Parcelforce',
  'Parcelhub', 'Parcelink Logistics', 'Parcel Monkey', 'Parcelnet', 'ParcelOne', 'Parcel Station', 'PDC Logistics',
  'Pilot', 'Pilot Freight', 'PIN', 'Polish Post', 'Poste Italiane', 'Post Modern', 'Post NL', 'PostNord', 'Professional',
  'PTT Kargo', 'PUROLATOR', 'QExpress', 'Qxpress', 'Raben', 'Raben Group', 'RBNA', 'REDUR', 'Rhenus', 'Rieck', 'Rivigo',
  'R+L', 'RMLGB', 'Roadrunner', 'Royal Mail', 'RR Donnelley', 'Safexpress', 'SAGAWA', 'SagawaExpress', 'Saia', 'Sailpost',
  'Schweizer Post', 'SDA', 'Seino', 'SEINO TRANSPORTATION', 'Selem Kargo', 'Sendcloud', 'Sending', 'SENDLE', 'Seur',
  'Seven Senders', 'SFC', 'SF Express', 'Ship Delight', 'ShipEconomy', 'ShipGlobal', 'Ship Global US', 'Shipmate',
  'Shree Maruti Courier', 'Shree Tirupati Courier', 'Shunfeng Express', 'Singapore Post', 'Smartmail', 'Sonstige',
  'South Eastern Freight Lines', 'Speedex', 'Spoton', 'SPRING', 'Spring GDS', 'Sprint', 'Stahlmann and Sachs', 'Stampit',
  'StarTrack-ArticleID', 'StarTrack-Consignment', 'STG', 'STO Express', 'Streamlite', 'Sunyou', 'Susa', 'Swiss post',
  'Szendex', 'Target', 'TDN', 'Tezel Lojistik', 'The Delivery Group', 'The Professional Couriers', 'TIPSA', 'TNT', 'TNTIT',
  'TNT Kargo', 'Toll Global Express', 'Total Express', 'Tourline', 'Trackon', 'Trakpak', 'Transaher', 'Transaragonés',
  'TransFolha', 'Translink', 'Trans-o-Flex', 'Truline', 'TSB', 'Tuffnells', 'TWS', 'TXT', 'TyD', 'UBI', 'UK MAIL',
  'UPakWeShip', 'UPS', 'UPS Freight', 'Upsilon', 'UPS Mail Innovations', 'UPSMI', 'Urban Express', 'USPS',
  'Verage Shipping', 'Via Xpress', 'VIR', 'VNLIN', 'WanbExpress', 'Watkins and Shepard', 'Whistl', 'Whizzard', 'WINIT',
  'WPX', 'XDP', 'XPO', 'XPO Freight', 'Xpressbees', 'YAMATO', 'YamatoTransport', 'Yanwen', 'YDH', 'Yellow Freight', 'Yodel',
  'YTO Express', 'Yunda Express', 'Yun Express', 'Zeleris', 'ZTO Express', 'Zust Ambrosetti',
];

/** Words that mean "another carrier" in Amazon's languages: they need a carrier name, like `Other`. */
const OTHER_CARRIER_WORDS = new Set(['other', 'andere', 'otro', 'sonstige']);

/** Lower-case letters and digits only, accents removed: "d_H l)" and "DHL" compare equal. */
export function normaliseCarrierKey(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

const BY_KEY: ReadonlyMap<string, string> = new Map<string, string>([
  ...AMAZON_CARRIERS.map((name) => [normaliseCarrierKey(name), name] as [string, string]),
  // Integration codes (Sendcloud) and the older spelling of Royal Mail.
  ['dpdgb', 'DPD'],
  ['hermesgb', 'Hermes UK'],
  ['royalmail', 'Royal Mail'],
]);

/** Whether `code` is a carrier code Amazon accepts (exact spelling). */
export function isAmazonCarrierCode(code: string): boolean {
  return AMAZON_CARRIERS.includes(code);
}

/**
 * Amazon's carrier for a carrier name of ours. Known carriers give their Amazon code; anything else
 * gives `Other` with our name, which Amazon requires as `carrierName`.
 */
export function matchCarrier(name: string): { carrierCode: string; carrierName?: string } {
  const key = normaliseCarrierKey(name);
  const known = key ? BY_KEY.get(key) : undefined;
  if (!known || OTHER_CARRIER_WORDS.has(key)) return { carrierCode: 'Other', carrierName: name.trim() };
  return { carrierCode: known };
}
