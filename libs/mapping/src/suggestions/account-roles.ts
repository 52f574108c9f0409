// What an account is for, read from each ledger's own signals: Xero's system account and type;
// X3's French PCG class (fixed by law) or control flag, else its description's finance words.
import { conceptsOf } from './vocabulary';
import type { X3AccountFacts, XeroAccountFacts } from './suggestion-types';

export type AccountRole =
  | 'receivable'
  | 'payable'
  | 'sales'
  | 'other-revenue'
  | 'cost-of-sales'
  | 'expense'
  | 'bank'
  | 'tax-output'
  | 'tax-input'
  | 'tax'
  | 'equity'
  | 'inventory'
  | 'fixed-asset';

export const ROLE_LABEL: Record<AccountRole, string> = {
  receivable: 'the receivable control account',
  payable: 'the payable control account',
  sales: 'sales revenue',
  'other-revenue': 'other revenue',
  'cost-of-sales': 'cost of sales / purchases',
  expense: 'an expense',
  bank: 'a bank account',
  'tax-output': 'output tax (collected)',
  'tax-input': 'input tax (deductible)',
  tax: 'the tax account',
  equity: 'equity',
  inventory: 'inventory',
  'fixed-asset': 'a fixed asset',
};

/** The French PCG's numbering (Plan comptable général, art. 932-1): prefixes that fix a role. */
const PCG_PREFIXES: Array<[string, AccountRole]> = [
  ['44571', 'tax-output'],
  ['44566', 'tax-input'],
  ['445', 'tax'],
  ['411', 'receivable'],
  ['401', 'payable'],
  ['51', 'bank'],
  ['53', 'bank'],
  ['60', 'cost-of-sales'],
  ['70', 'sales'],
  ['37', 'inventory'],
  ['31', 'inventory'],
  ['2', 'fixed-asset'],
  ['10', 'equity'],
  ['11', 'equity'],
  ['12', 'equity'],
  ['6', 'expense'],
  ['7', 'other-revenue'],
];

/** A role from the words of a name (both ledgers). */
export function roleFromWords(name: string): AccountRole | undefined {
  const c = conceptsOf(name);
  if (c.has('TAX')) {
    if (c.has('OUTPUT') || c.has('REVENUE')) return 'tax-output';
    if (c.has('INPUT') || c.has('PURCHASE') || c.has('EXPENSE')) return 'tax-input';
    return 'tax';
  }
  if (c.has('RECEIVABLE')) return 'receivable';
  if (c.has('PAYABLE')) return 'payable';
  if (c.has('FEE')) return 'expense'; // bank fees are an expense, not a bank account
  if (c.has('BANK') || c.has('saving')) return 'bank';
  if (c.has('PURCHASE')) return 'cost-of-sales';
  if (c.has('REVENUE')) return c.has('OTHER') ? 'other-revenue' : 'sales';
  if (c.has('INVENTORY')) return 'inventory';
  if (c.has('EQUITY')) return 'equity';
  if (c.has('EXPENSE')) return 'expense';
  return undefined;
}

export function x3Role(a: X3AccountFacts): { role?: AccountRole; why?: string } {
  if (a.chart === 'PCG') {
    const hit = PCG_PREFIXES.find(([prefix]) => a.code.startsWith(prefix));
    if (hit) return { role: hit[1], why: `PCG account ${hit[0]}…` };
  }
  const byWords = roleFromWords(a.description);
  if (a.isControl && byWords !== 'payable')
    return { role: byWords === 'receivable' || !byWords ? 'receivable' : byWords, why: 'collective account' };
  return byWords ? { role: byWords, why: 'its description' } : {};
}

const XERO_SYSTEM: Record<string, AccountRole> = {
  DEBTORS: 'receivable',
  CREDITORS: 'payable',
  GST: 'tax',
  RETAINEDEARNINGS: 'equity',
};

const XERO_TYPES: Record<string, AccountRole> = {
  BANK: 'bank',
  REVENUE: 'sales',
  SALES: 'sales',
  OTHERINCOME: 'other-revenue',
  DIRECTCOSTS: 'cost-of-sales',
  EXPENSE: 'expense',
  OVERHEADS: 'expense',
  INVENTORY: 'inventory',
  FIXED: 'fixed-asset',
  EQUITY: 'equity',
};

export function xeroRole(a: XeroAccountFacts): { role?: AccountRole; why?: string } {
  if (a.systemAccount && XERO_SYSTEM[a.systemAccount])
    return { role: XERO_SYSTEM[a.systemAccount], why: `Xero system account ${a.systemAccount}` };
  const byType = a.type ? XERO_TYPES[a.type] : undefined;
  if (byType === 'sales') {
    // Xero types every income account REVENUE: the name tells sales from interest or other income
    const words = roleFromWords(a.name);
    return { role: words === 'sales' && !/interest/i.test(a.name) ? 'sales' : 'other-revenue', why: `type ${a.type}` };
  }
  if (byType) return { role: byType, why: `type ${a.type}` };
  const byWords = roleFromWords(a.name);
  return byWords ? { role: byWords, why: 'its name' } : {};
}

/** How well two roles agree: 1 same, 0.8 tax with a tax side, 0.4 neighbours, -1 opposed, 0 unknown. */
export function roleAgreement(x3: AccountRole | undefined, xero: AccountRole | undefined): number {
  if (!x3 || !xero) return 0;
  if (x3 === xero) return 1;
  const pair = new Set([x3, xero]);
  if (pair.has('tax') && (pair.has('tax-output') || pair.has('tax-input')))
    return x3 === 'tax-output' || xero === 'tax-output' ? 0.85 : 0.75;
  if (pair.has('sales') && pair.has('other-revenue')) return 0.4;
  if (pair.has('cost-of-sales') && pair.has('expense')) return 0.4;
  return -1;
}
