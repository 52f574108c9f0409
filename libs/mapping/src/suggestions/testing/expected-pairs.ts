// The pairs a suggestion should find on each region's sandbox pair: the starter template's own
// (journal accounts, sales and purchase tax types: templates/starter-regions.ts) plus the
// receivable and payable control accounts, which the template leaves out of the journal lookup
// on purpose but which are the same accounts the trial-balance proofs pair (610 DEBTORS, 800 CREDITORS).
import { REGION_FACTS, StarterRegion } from '../../templates/starter-regions';

/** The X3 seed's receivable and payable accounts per region (apps/sandbox/src/x3/seed ACCOUNTS). */
const CONTROL_ACCOUNTS: Record<StarterRegion, Record<string, string>> = {
  NZ: { '610': '610', '800': '800' },
  AU: { '1-1200': '610', '2-1200': '800' },
  UK: { '1100': '610', '2100': '800' },
  US: { '12100': '610', '20100': '800' },
};

export function expectedAccountPairs(region: StarterRegion): Record<string, string> {
  return { ...REGION_FACTS[region].journalAccounts, ...CONTROL_ACCOUNTS[region] };
}

export function expectedTaxPairs(region: StarterRegion): {
  sales: Record<string, string>;
  purchase: Record<string, string>;
} {
  return { sales: REGION_FACTS[region].salesTaxTypes, purchase: REGION_FACTS[region].purchaseTaxTypes };
}

/** Top-1 hits of proposals against expected pairs: [hits, total, misses]. */
export function topOneAccuracy(
  proposals: ReadonlyArray<{ source: { key: string }; target: { key: string } }>,
  expected: Record<string, string>,
): { hits: number; total: number; misses: string[] } {
  const bySource = new Map(proposals.map((p) => [p.source.key, p.target.key]));
  const misses = Object.entries(expected)
    .filter(([x3, xero]) => bySource.get(x3) !== xero)
    .map(([x3, xero]) => `${x3}→${xero} (got ${bySource.get(x3) ?? 'nothing'})`);
  const total = Object.keys(expected).length;
  return { hits: total - misses.length, total, misses };
}
