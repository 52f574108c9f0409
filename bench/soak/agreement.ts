// The agreement check: what one system's store holds against what the other's holds, by the
// source's own key. Shares no code with the product's reconciliation (libs/reconciliation) or the
// connectors, so it cannot inherit their blind spots. Pure; the soak and the live smoke feed it.
import Decimal from 'decimal.js';

export interface SourceRecord {
  /** The source system's key, which the target carries (X3 NUM → Xero InvoiceNumber, BPCNUM → ContactNumber). */
  key: string;
  /** Decimal text to compare (an invoice's total including tax); absent: presence only. */
  amount?: string;
}

export interface TargetRecord {
  key: string;
  amount?: string;
}

export interface Agreement {
  expected: number;
  /** Source keys present exactly once on the target side. */
  matched: number;
  lost: string[];
  duplicated: Array<{ key: string; copies: number }>;
  amountMismatches: Array<{ key: string; source: string; target: string }>;
  agree: boolean;
}

function sameAmount(a: string, b: string): boolean {
  try {
    return new Decimal(a).equals(new Decimal(b));
  } catch {
    return false; // an amount that is not a number never agrees
  }
}

/** Every source record must be on the target side exactly once, with an equal amount where given. */
export function agreement(source: SourceRecord[], target: TargetRecord[]): Agreement {
  const byKey = new Map<string, TargetRecord[]>();
  for (const t of target) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t]);
  const lost: string[] = [];
  const duplicated: Agreement['duplicated'] = [];
  const amountMismatches: Agreement['amountMismatches'] = [];
  let matched = 0;
  for (const s of new Map(source.map((r) => [r.key, r])).values()) {
    const copies = byKey.get(s.key) ?? [];
    if (copies.length === 0) lost.push(s.key);
    else if (copies.length > 1) duplicated.push({ key: s.key, copies: copies.length });
    else {
      matched++;
      const t = copies[0];
      if (s.amount !== undefined && !sameAmount(s.amount, t.amount ?? ''))
        amountMismatches.push({ key: s.key, source: s.amount, target: t.amount ?? '(none)' });
    }
  }
  return {
    expected: matched + lost.length + duplicated.length,
    matched,
    lost,
    duplicated,
    amountMismatches,
    agree: lost.length === 0 && duplicated.length === 0 && amountMismatches.length === 0,
  };
}

/** Several agreements (tenants, entities) as one. */
export function mergeAgreements(parts: Agreement[]): Agreement {
  const all = {
    expected: 0,
    matched: 0,
    lost: [] as string[],
    duplicated: [] as Agreement['duplicated'],
    amountMismatches: [] as Agreement['amountMismatches'],
  };
  for (const p of parts) {
    all.expected += p.expected;
    all.matched += p.matched;
    all.lost.push(...p.lost);
    all.duplicated.push(...p.duplicated);
    all.amountMismatches.push(...p.amountMismatches);
  }
  return { ...all, agree: !all.lost.length && !all.duplicated.length && !all.amountMismatches.length };
}
