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
];

export const COMPANIES: Array<[string, string, string, string, string]> = [
  ['FR10', 'SEED FRANCE', 'FR', 'FRA', 'EUR'],
  ['US10', 'SEED USA', 'US', 'USA', 'USD'],
  ['PT10', 'SEED PORTUGAL', 'PT', 'POR', 'EUR'],
];

export const SITES: Array<[string, string, string, string]> = [
  ['FR011', 'Paris headquarters', 'FR10', 'FR'],
  ['FR012', 'Lyon warehouse', 'FR10', 'FR'],
  ['US011', 'Chicago plant', 'US10', 'US'],
  ['PT032', 'Porto distribution', 'PT10', 'PT'],
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
];

export const ACCOUNTS: Array<[string, string, string, string]> = [
  ['FRA', '411000', 'Clients', '4'],
  ['FRA', '401000', 'Fournisseurs', '4'],
  ['FRA', '707000', 'Ventes de marchandises', '7'],
  ['FRA', '607000', 'Achats de marchandises', '6'],
  ['FRA', '445710', 'TVA collectée', '4'],
  ['FRA', '445660', 'TVA déductible', '4'],
  ['FRA', '512000', 'Banque', '5'],
  ['USA', '12100', 'Accounts receivable', '1'],
  ['USA', '20100', 'Accounts payable', '2'],
  ['USA', '40100', 'Product sales', '4'],
  ['USA', '50100', 'Cost of goods sold', '5'],
  ['USA', '23100', 'Sales tax payable', '2'],
  ['USA', '10100', 'Cash - operating', '1'],
];

/** [code, name, country, currency, tax rule, payment term, category] */
export const CUSTOMERS: Array<[string, string, string, string, string, string, string]> = [
  ['AE003', 'Dubai Trading LLC', 'AE', 'AED', 'EXP', 'CH30NETEOM', 'EXP'],
  ['AO005', 'Luanda Equipamentos', 'AO', 'USD', 'EXP', 'CH30NETEOM', 'EXP'],
  ['AU001', 'Sydney Office Supplies', 'AU', 'AUD', 'EXP', 'CH30NETEOM', 'EXP'],
  ['AU002', 'Melbourne Hardware', 'AU', 'AUD', 'EXP', 'CH30NETEOM', 'EXP'],
  ['AU003', 'Brisbane Retail', 'AU', 'AUD', 'EXP', 'CH30NETEOM', 'EXP'],
  ['AU004', 'Perth Industries', 'AU', 'AUD', 'EXP', 'CH30NETEOM', 'EXP'],
  ['AU005', 'Adelaide Wholesale', 'AU', 'AUD', 'EXP', 'CH30NETEOM', 'EXP'],
  ['PT001', 'Lisboa Informática', 'PT', 'EUR', 'POR', 'FRTAC60', 'POR'],
  ['ZA001', 'Cape Town Distributors', 'ZA', 'ZAR', 'EXP', 'CH30NETEOM', 'EXP'],
  ['ZA005', 'Johannesburg Supplies', 'ZA', 'ZAR', 'EXP', 'CH30NETEOM', 'EXP'],
  ['GB001', 'London Stationers Ltd', 'GB', 'GBP', 'EXP', 'CH30NETEOM', 'EXP'],
  ['NZ001', 'Auckland Tech', 'NZ', 'NZD', 'EXP', 'CH30NETEOM', 'EXP'],
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
];

/** [code, description, category, base price, tax level] */
export function products(): Array<[string, string, string, string]> {
  const list: Array<[string, string, string, string]> = [
    ['FIN001', 'Office chair ergonomic', 'BMSOL', '189.9000'],
    ['FIN002', 'Standing desk 160x80', 'BMSOL', '549.0000'],
    ['FIN003', 'Meeting table oak', 'BMSOL', '1249.5000'],
    ['UT_KEYBOARD', 'Keyboard AZERTY wireless', 'BMSOL', '22.0000'],
  ];
  for (let i = 1; i <= 30; i++) {
    const n = String(i).padStart(3, '0');
    list.push([
      `DIS${n}`,
      `Distribution item ${n}`,
      'DIS',
      (Math.round((3.25 + i * 1.3333) * 10000) / 10000).toFixed(4),
    ]);
  }
  return list;
}
