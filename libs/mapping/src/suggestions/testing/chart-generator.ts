// A generated pair of charts for the suggestion accuracy test: every account gets a new random
// code on both sides and an X3 description reworded from lists written here (English and French,
// with words the vocabulary does not know), from a seed. A list of the seed's codes cannot pass.
import { prng } from '../../corpus/prng';
import type { X3AccountFacts, XeroAccountFacts } from '../suggestion-types';

/** [role, Xero seed code it belongs on (null: no Xero account), wordings]. */
const ROLES: Array<[string, string | null, string[]]> = [
  [
    'receivable',
    '610',
    [
      'Trade debtors',
      'Accounts receivable - trade',
      'Customer receivables',
      'Clients et comptes rattachés',
      'Debtors control',
      'Amounts due from customers',
      'Créances clients',
      'Receivables ledger',
    ],
  ],
  [
    'payable',
    '800',
    [
      'Trade creditors',
      'Accounts payable - trade',
      'Supplier payables',
      'Fournisseurs et comptes rattachés',
      'Creditors control',
      'Amounts owed to suppliers',
      'Dettes fournisseurs',
      'Payables ledger',
    ],
  ],
  [
    'sales',
    '200',
    [
      'Sales of goods',
      'Revenue from sales',
      'Ventes de produits finis',
      'Product sales',
      'Sales - domestic',
      'Turnover',
      'Ventes de marchandises',
      'Income from sales',
    ],
  ],
  [
    'cost-of-sales',
    '310',
    [
      'Cost of goods sold',
      'Cost of sales',
      'Purchases of goods',
      'Achats de marchandises',
      'Materials purchased',
      'Coût des ventes',
      'Purchases - stock items',
    ],
  ],
  [
    'bank',
    '090',
    [
      'Bank current account',
      'Main bank',
      'Banque principale',
      'Operating bank account',
      'Cheque account',
      'Cash at bank',
    ],
  ],
  ['savings', '091', ['Savings account', 'Bank - savings', 'Compte sur livret (savings)', 'Business savings']],
  [
    'output-tax',
    '820',
    ['VAT output tax', 'GST collected', 'TVA collectée', 'Sales tax payable', 'Output VAT', 'TVA collectée 20%'],
  ],
  ['input-tax', null, ['VAT input tax', 'TVA déductible sur ABS', 'GST paid', 'Input VAT recoverable']],
  ['other-revenue', '260', ['Other revenue', 'Miscellaneous revenue', 'Other operating income', 'Sundry revenue']],
  ['rent', '469', ['Rent', 'Office rent', 'Loyers', 'Rent and rates']],
  ['advertising', '400', ['Advertising', 'Advertising and promotion', 'Publicité', 'Advertising costs']],
  ['telephone', '489', ['Telephone and internet', 'Télécommunications', 'Phone & broadband', 'Telephone costs']],
  ['insurance', '433', ['Insurance', 'Assurances', 'Insurance premiums', 'Business insurance']],
  ['bank-fees', '404', ['Bank charges', 'Frais bancaires', 'Bank fees and commissions', 'Bank service fees']],
  ['travel', '493', ['Travel', 'Déplacements', 'Travel - domestic', 'Voyages et déplacements']],
  ['inventory', '630', ['Stock on hand', 'Inventory', 'Stocks de marchandises', 'Inventory - goods']],
  ['retained-earnings', '960', ['Retained earnings', 'Report à nouveau', 'Retained profits']],
  ['equipment', '710', ['Office equipment', 'Matériel de bureau', 'Office equipment at cost']],
  ['suspense', null, ['Suspense', "Compte d'attente", 'Suspense and clearing']],
];

export interface GeneratedCharts {
  x3: X3AccountFacts[];
  xero: XeroAccountFacts[];
  /** X3 code → the Xero code it belongs on. */
  expected: Record<string, string>;
}

function uniqueCode(r: ReturnType<typeof prng>, used: Set<string>, digits: number): string {
  for (;;) {
    const code = String(r.int(10 ** (digits - 1), 10 ** digits - 1));
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

/** `xeroChart`: the organisation's chart as seeded; its codes are renumbered too. */
export function generateCharts(seed: number, xeroChart: readonly XeroAccountFacts[]): GeneratedCharts {
  const r = prng(seed);
  const xeroUsed = new Set<string>();
  const newXeroCode = new Map(xeroChart.map((a) => [a.code, uniqueCode(r, xeroUsed, 3)]));
  const xero = xeroChart.map((a) => ({ ...a, code: newXeroCode.get(a.code)! }));
  const x3Used = new Set<string>();
  const digits = r.int(4, 6);
  const x3: X3AccountFacts[] = [];
  const expected: Record<string, string> = {};
  for (const [role, target, wordings] of ROLES) {
    // now and then an optional account is left out of the chart
    if (target === null && r.chance(0.3)) continue;
    const code = uniqueCode(r, x3Used, digits);
    x3.push({ code, description: r.pick(wordings), chart: 'GEN', classCode: code[0] });
    if (target !== null) expected[code] = newXeroCode.get(target)!;
    void role;
  }
  // the order the X3 chart lists its accounts in says nothing
  for (let i = x3.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [x3[i], x3[j]] = [x3[j], x3[i]];
  }
  return { x3, xero, expected };
}
