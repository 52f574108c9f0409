import Decimal from 'decimal.js';

// The trial balance on both sides through the integration's account mapping: X3's balances per
// GL account are summed under the Xero code their account maps to, then compared code by code
// with Xero's. Pure: the service (ledger-reconciliation.ts) reads both sides.

export type LedgerClass = 'equal' | 'amount-differs' | 'rounding' | 'unmapped' | 'missing-in-x3' | 'missing-in-xero';

export interface LedgerLine {
  /** The Xero account code; null on an `unmapped` line (an X3 account no lookup maps). */
  xeroCode: string | null;
  /** The X3 accounts summed into this line, sorted. */
  x3Accounts: string[];
  /** Debit − credit to the cent, as decimal strings. */
  x3Balance: string;
  xeroBalance: string;
  /** x3Balance − xeroBalance. */
  difference: string;
  class: LedgerClass;
}

/** A difference up to one cent is rounding (a tax or currency conversion rounded the other way). */
export const ROUNDING_TOLERANCE = new Decimal('0.01');

const ZERO = new Decimal(0);

function classify(x3Present: boolean, xeroPresent: boolean, difference: Decimal): LedgerClass {
  if (difference.isZero()) return 'equal';
  if (difference.abs().lte(ROUNDING_TOLERANCE)) return 'rounding';
  if (!x3Present) return 'missing-in-x3';
  if (!xeroPresent) return 'missing-in-xero';
  return 'amount-differs';
}

/**
 * Lines per Xero code (sorted), then one `unmapped` line per X3 account with a balance that
 * `accountMap` (X3 account → Xero code) does not map. An X3 account at zero that no lookup maps
 * is not a difference. A side "has" a code when a non-zero balance sits on it.
 */
export function compareTrialBalances(
  x3: ReadonlyMap<string, Decimal>,
  xero: ReadonlyMap<string, Decimal>,
  accountMap: Readonly<Record<string, string>>,
): LedgerLine[] {
  const mapped = new Map<string, { accounts: string[]; balance: Decimal }>();
  const unmapped: LedgerLine[] = [];
  for (const [account, balance] of x3) {
    const code = Object.prototype.hasOwnProperty.call(accountMap, account) ? accountMap[account] : undefined;
    if (code === undefined) {
      if (balance.toDecimalPlaces(2).isZero()) continue;
      unmapped.push({
        xeroCode: null,
        x3Accounts: [account],
        x3Balance: balance.toFixed(2),
        xeroBalance: '0.00',
        difference: balance.toFixed(2),
        class: 'unmapped',
      });
      continue;
    }
    const line = mapped.get(code) ?? { accounts: [], balance: ZERO };
    mapped.set(code, { accounts: [...line.accounts, account], balance: line.balance.plus(balance) });
  }
  const codes = [...new Set([...mapped.keys(), ...xero.keys()])].sort((a, z) => a.localeCompare(z));
  const lines: LedgerLine[] = [];
  for (const code of codes) {
    const x3Balance = (mapped.get(code)?.balance ?? ZERO).toDecimalPlaces(2);
    const xeroBalance = (xero.get(code) ?? ZERO).toDecimalPlaces(2);
    if (x3Balance.isZero() && xeroBalance.isZero() && !mapped.has(code)) continue;
    const difference = x3Balance.minus(xeroBalance);
    lines.push({
      xeroCode: code,
      x3Accounts: [...(mapped.get(code)?.accounts ?? [])].sort(),
      x3Balance: x3Balance.toFixed(2),
      xeroBalance: xeroBalance.toFixed(2),
      difference: difference.toFixed(2),
      class: classify(!x3Balance.isZero(), !xeroBalance.isZero(), difference),
    });
  }
  return [...lines, ...unmapped.sort((a, z) => a.x3Accounts[0].localeCompare(z.x3Accounts[0]))];
}

/** Xero's report lines (debit, credit) as balances: debit − credit. */
export function xeroBalances(lines: ReadonlyMap<string, { debit: string; credit: string }>): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const [code, l] of lines) out.set(code, new Decimal(l.debit || 0).minus(l.credit || 0));
  return out;
}

/** Per key, `after` − `before` (a period's movement from two balances as at its ends). */
export function movement(
  after: ReadonlyMap<string, Decimal>,
  before: ReadonlyMap<string, Decimal>,
): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const key of new Set([...after.keys(), ...before.keys()]))
    out.set(key, (after.get(key) ?? ZERO).minus(before.get(key) ?? ZERO));
  return out;
}
