import Decimal from 'decimal.js';

// Reference data in the style of X3's SEED demo folder (codes from Sage's samples and docs).

export const CURRENCIES: Array<[string, string, number]> = [
  ['EUR', 'Euro', 2],
  ['USD', 'US Dollar', 2],
  ['GBP', 'Pound sterling', 2],
  ['AUD', 'Australian dollar', 2],
  ['ZAR', 'South African rand', 2],
  ['NZD', 'New Zealand dollar', 2],
  ['AED', 'UAE dirham', 2],
  ['CNY', 'Yuan renminbi', 2],
  ['JPY', 'Yen', 0],
];

/** [currency, destination, rate] daily rates (CHGTYP 1) from 2026-01-01; exact to 8 places. */
export const RATES: Array<[string, string, string]> = [
  ['USD', 'EUR', '0.92396700'],
  ['EUR', 'USD', '1.08229800'],
  ['GBP', 'EUR', '1.17150000'],
  ['AUD', 'EUR', '0.60120000'],
  ['ZAR', 'EUR', '0.04980000'],
  ['NZD', 'EUR', '0.55310000'],
  ['AED', 'EUR', '0.25160000'],
  ['CNY', 'EUR', '0.12740000'],
  ['JPY', 'EUR', '0.00612300'],
  ['GBP', 'USD', '1.26750000'],
  ['CNY', 'USD', '0.13790000'],
  ['EUR', 'GBP', '0.85360000'],
  ['EUR', 'NZD', '1.80800000'],
  ['EUR', 'AUD', '1.66300000'],
  ['USD', 'NZD', '1.70200000'],
  ['USD', 'AUD', '1.52400000'],
  ['USD', 'GBP', '0.78900000'],
];

export const COMPANIES: Array<[string, string, string, string, string]> = [
  ['FR10', 'SEED FRANCE', 'FR', 'FRA', 'EUR'],
  ['US10', 'SEED USA', 'US', 'USA', 'USD'],
  ['PT10', 'SEED PORTUGAL', 'PT', 'POR', 'EUR'],
  // One company per Xero region currency, so every Xero organisation has a same-currency X3 company.
  ['NZ10', 'SEED NEW ZEALAND', 'NZ', 'NZL', 'NZD'],
  ['AU10', 'SEED AUSTRALIA', 'AU', 'AUS', 'AUD'],
  ['GB10', 'SEED UK', 'GB', 'GBR', 'GBP'],
];

export const SITES: Array<[string, string, string, string]> = [
  ['FR011', 'Paris headquarters', 'FR10', 'FR'],
  ['FR012', 'Lyon warehouse', 'FR10', 'FR'],
  ['US011', 'Chicago plant', 'US10', 'US'],
  ['PT032', 'Porto distribution', 'PT10', 'PT'],
  ['NZ011', 'Auckland warehouse', 'NZ10', 'NZ'],
  ['AU011', 'Sydney distribution', 'AU10', 'AU'],
  ['GB011', 'Manchester warehouse', 'GB10', 'GB'],
];

export const UNITS: Array<[string, string]> = [
  ['UN', 'Unit'],
  ['PAC', 'Pack'],
  ['PAL', 'Pallet'],
  ['KG', 'Kilogram'],
];

export const TAX_CODES: Array<[string, string, string, string]> = [
  ['FRN', 'TVA normale 20%', 'FRA', '20.000'],
  ['FRR', 'TVA réduite 5,5%', 'FRA', '5.500'],
  ['USS', 'Sage Sales Tax 8.25%', 'USA', '8.250'],
  ['PTN', 'IVA normal 23%', 'POR', '23.000'],
  ['EXO', 'Exempt', 'FRA', '0.000'],
  ['NZS', 'GST 15%', 'NZL', '15.000'],
  ['NZZ', 'GST zero-rated', 'NZL', '0.000'],
  ['AUG', 'GST 10%', 'AUS', '10.000'],
  ['AUF', 'GST-free', 'AUS', '0.000'],
  ['GBS', 'VAT standard 20%', 'GBR', '20.000'],
  ['GBR', 'VAT reduced 5%', 'GBR', '5.000'],
  ['GBZ', 'VAT zero rate 0%', 'GBR', '0.000'],
];

/** [rule, description, legislation, tax for level NOR, RED, EXO] (tax determination, simplified). */
export const TAX_RULES: Array<[string, string, string, string, string, string]> = [
  ['FRA', 'France domestic', 'FRA', 'FRN', 'FRR', 'EXO'],
  ['NT', 'Sage Sales Tax', 'USA', 'USS', '', 'EXO'],
  ['EXP', 'Export', 'FRA', 'EXO', '', 'EXO'],
  ['POR', 'Portugal domestic', 'POR', 'PTN', '', 'EXO'],
  ['NZL', 'New Zealand domestic', 'NZL', 'NZS', '', 'NZZ'],
  ['AUS', 'Australia domestic', 'AUS', 'AUG', '', 'AUF'],
  ['GBR', 'United Kingdom domestic', 'GBR', 'GBS', 'GBR', 'GBZ'],
];

export const CHARTS: Record<string, string> = {
  FRA: 'PCG',
  USA: 'USGAAP',
  NZL: 'NZGAAP',
  AUS: 'AUGAAP',
  GBR: 'UKGAAP',
};

export const ACCOUNTS: Array<[string, string, string, string]> = [
  ['FRA', '411000', 'Clients', '4'],
  ['FRA', '401000', 'Fournisseurs', '4'],
  ['FRA', '707000', 'Ventes de marchandises', '7'],
  ['FRA', '607000', 'Achats de marchandises', '6'],
  ['FRA', '445710', 'TVA collectée', '4'],
  ['FRA', '445660', 'TVA déductible', '4'],
  ['FRA', '512000', 'Banque', '5'],
  ['FRA', '666000', 'Pertes de change', '6'],
  ['FRA', '766000', 'Gains de change', '7'],
  ['USA', '12100', 'Accounts receivable', '1'],
  ['USA', '20100', 'Accounts payable', '2'],
  ['USA', '40100', 'Product sales', '4'],
  ['USA', '50100', 'Cost of goods sold', '5'],
  ['USA', '23100', 'Sales tax payable', '2'],
  ['USA', '10100', 'Cash - operating', '1'],
  ['USA', '70200', 'Realized foreign exchange gain', '7'],
  ['USA', '80200', 'Realized foreign exchange loss', '8'],
  ['NZL', '610', 'Accounts receivable', '6'],
  ['NZL', '800', 'Accounts payable', '8'],
  ['NZL', '200', 'Sales', '2'],
  ['NZL', '820', 'GST', '8'],
  ['NZL', '090', 'Business bank account', '0'],
  ['NZL', '310', 'Cost of goods sold', '3'],
  ['NZL', '497', 'Realised currency gains', '4'],
  ['NZL', '498', 'Realised currency losses', '4'],
  ['AUS', '1-1200', 'Trade debtors', '1'],
  ['AUS', '2-1200', 'Trade creditors', '2'],
  ['AUS', '4-1000', 'Sales', '4'],
  ['AUS', '2-1310', 'GST collected', '2'],
  ['AUS', '1-1110', 'Cheque account', '1'],
  ['AUS', '5-1000', 'Cost of sales', '5'],
  ['AUS', '2-1330', 'GST paid', '2'],
  ['AUS', '4-2100', 'Realised exchange gains', '4'],
  ['AUS', '6-2100', 'Realised exchange losses', '6'],
  ['GBR', '1100', 'Trade debtors', '1'],
  ['GBR', '2100', 'Trade creditors', '2'],
  ['GBR', '4000', 'Sales', '4'],
  ['GBR', '2200', 'VAT output tax', '2'],
  ['GBR', '1200', 'Bank current account', '1'],
  ['GBR', '5000', 'Materials purchased', '5'],
  ['GBR', '2201', 'VAT input tax', '2'],
  ['GBR', '4900', 'Realised exchange gains', '4'],
  ['GBR', '7900', 'Realised exchange losses', '7'],
];

/** [code, name, country, currency, tax rule, payment term, category] */
export const CUSTOMERS: Array<[string, string, string, string, string, string, string]> = [
  ['AE003', 'Dubai Trading LLC', 'AE', 'AED', 'EXP', 'CH30NETEOM', 'EXP'],
  ['AO005', 'Luanda Equipamentos', 'AO', 'USD', 'EXP', 'CH30NETEOM', 'EXP'],
  ['AU001', 'Sydney Office Supplies', 'AU', 'AUD', 'AUS', 'CH30NETEOM', 'AUS'],
  ['AU002', 'Melbourne Hardware', 'AU', 'AUD', 'AUS', 'CH30NETEOM', 'AUS'],
  ['AU003', 'Brisbane Retail', 'AU', 'AUD', 'AUS', 'CH30NETEOM', 'AUS'],
  ['AU004', 'Perth Industries', 'AU', 'AUD', 'AUS', 'CH30NETEOM', 'AUS'],
  ['AU005', 'Adelaide Wholesale', 'AU', 'AUD', 'AUS', 'CH30NETEOM', 'AUS'],
  ['PT001', 'Lisboa Informática', 'PT', 'EUR', 'POR', 'FRTAC60', 'POR'],
  ['ZA001', 'Cape Town Distributors', 'ZA', 'ZAR', 'EXP', 'CH30NETEOM', 'EXP'],
  ['ZA005', 'Johannesburg Supplies', 'ZA', 'ZAR', 'EXP', 'CH30NETEOM', 'EXP'],
  ['GB001', 'London Stationers Ltd', 'GB', 'GBP', 'GBR', 'CH30NETEOM', 'GBR'],
  ['NZ001', 'Auckland Tech', 'NZ', 'NZD', 'NZL', 'CH30NETEOM', 'NZL'],
  ['NA001', 'North American Retail Inc', 'US', 'USD', 'NT', 'CH30NETEOM', 'US'],
  ['ES001', 'Madrid Distribución', 'ES', 'EUR', 'EXP', 'FRTAC60', 'EXP'],
  ['APA01', 'Asia Pacific Agents', 'SG', 'USD', 'EXP', 'CH30NETEOM', 'EXP'],
  ['SPA01', 'Sociedad Peninsular', 'ES', 'EUR', 'EXP', 'FRTAC60', 'EXP'],
  ['UTFR001', 'Utopia France SA', 'FR', 'EUR', 'FRA', 'FRTAC60', 'FRA'],
  ['FR001', 'Bureau Vallée Paris', 'FR', 'EUR', 'FRA', 'FRTAC60', 'FRA'],
  ['FR002', 'Lyon Électronique', 'FR', 'EUR', 'FRA', 'FRTAC60', 'FRA'],
  ['US001', 'Chicago Office Depot', 'US', 'USD', 'NT', 'CH30NETEOM', 'US'],
  ['US002', 'Boston Gadgets LLC', 'US', 'USD', 'NT', 'CH30NETEOM', 'US'],
];

/** [code, name, country, currency, tax rule, payment term] */
export const SUPPLIERS: Array<[string, string, string, string, string, string]> = [
  ['CN001', 'Shenzhen Components Co', 'CN', 'EUR', 'EXP', 'FRTAC60'],
  ['FR053', 'Fournitures du Midi', 'FR', 'EUR', 'FRA', 'FRTAC60'],
  ['US003', 'Midwest Plastics Inc', 'US', 'USD', 'NT', 'CH30NETEOM'],
  ['NZ002', 'Kiwi Packaging Ltd', 'NZ', 'NZD', 'NZL', 'CH30NETEOM'],
  ['AU006', 'Outback Freight Pty Ltd', 'AU', 'AUD', 'AUS', 'CH30NETEOM'],
  ['GB002', 'Midlands Components Ltd', 'GB', 'GBP', 'GBR', 'CH30NETEOM'],
];

/** [code, description, category, base price, tax level (VACITM: NOR, RED, EXO)] */
export function products(): Array<[string, string, string, string, string]> {
  const list: Array<[string, string, string, string, string]> = [
    ['FIN001', 'Office chair ergonomic', 'BMSOL', '189.9000', 'NOR'],
    ['FIN002', 'Standing desk 160x80', 'BMSOL', '549.0000', 'NOR'],
    ['FIN003', 'Meeting table oak', 'BMSOL', '1249.5000', 'NOR'],
    ['UT_KEYBOARD', 'Keyboard AZERTY wireless', 'BMSOL', '22.0000', 'NOR'],
    // Regional products of the NZ, AU and UK companies (UK: children's car seats 5 %, printed matter 0 %).
    ['NZFOOD01', 'Manuka honey 500g', 'FOOD', '24.9000', 'NOR'],
    ['AUWINE01', 'Barossa shiraz 750ml', 'WINE', '32.0000', 'NOR'],
    ['GBCHILD01', 'Child car seat', 'BMSOL', '120.0000', 'RED'],
    ['GBBOOK01', 'Printed catalogue', 'BOOK', '9.9900', 'EXO'],
  ];
  for (let i = 1; i <= 30; i++) {
    const n = String(i).padStart(3, '0');
    list.push([
      `DIS${n}`,
      `Distribution item ${n}`,
      'DIS',
      new Decimal('3.25').plus(new Decimal('1.3333').mul(i)).toDecimalPlaces(4).toFixed(4),
      'NOR',
    ]);
  }
  return list;
}
