// Accuracy on the sandboxes' seed charts, read from the seed modules themselves (the e2e suite
// apps/api/test/mapping-suggestions.e2e-spec.ts measures the same through both sandboxes' APIs).
import {
  ACCOUNTS,
  CHARTS,
  COMPANIES,
  TAX_CODES,
  TAX_RULES,
} from '../../../../apps/sandbox/src/x3/seed/seed-reference-data';
import { CHART, COUNTRY_SEEDS } from '../../../../apps/sandbox/src/xero/orgs/seed-charts';
import { REGION_FACTS, STARTER_REGIONS, StarterRegion } from '../templates/starter-regions';
import { suggestAccounts } from './account-suggestions';
import { suggestTaxes } from './tax-suggestions';
import type { X3TaxFacts, XeroAccountFacts } from './suggestion-types';
import { expectedAccountPairs, expectedTaxPairs, topOneAccuracy } from './testing/expected-pairs';

const XERO_REGION: Record<StarterRegion, keyof typeof COUNTRY_SEEDS> = { NZ: 'NZ', AU: 'AU', UK: 'UK', US: 'US' };

const seedXeroAccounts = (): XeroAccountFacts[] =>
  CHART.map(([code, name, type, cls, , extra]) => ({
    code,
    name,
    type,
    accountClass: cls,
    systemAccount: extra?.SystemAccount as string | undefined,
    active: extra?.Status !== 'ARCHIVED',
  }));

function x3Side(region: StarterRegion) {
  const company = COMPANIES.find(([code]) => code === REGION_FACTS[region].x3Company)!;
  const legislation = company[3];
  const accounts = ACCOUNTS.filter(([leg]) => leg === legislation).map(([leg, code, description, classCode]) => ({
    code,
    description,
    chart: CHARTS[leg],
    classCode,
  }));
  const rules = TAX_RULES.filter(([, , leg]) => leg === legislation);
  const codes = new Map<string, X3TaxFacts>();
  for (const [code, description, leg, rate] of TAX_CODES)
    if (leg === legislation) codes.set(code, { code, description, rate });
  for (const [rule, , , ...levels] of rules)
    levels.forEach((code, i) => {
      if (!code) return;
      const known = TAX_CODES.find(([c]) => c === code)!;
      const facts = codes.get(code) ?? { code, description: known[1], rate: known[3] };
      codes.set(code, { ...facts, rules: [...(facts.rules ?? []), { rule, level: ['NOR', 'RED', 'EXO'][i] }] });
    });
  return { accounts, taxes: [...codes.values()] };
}

describe('suggestions on the sandbox seed charts', () => {
  it("finds ≥ 80% of the starter templates' account and tax pairs (top-1), every region", () => {
    let hits = 0;
    let total = 0;
    const misses: string[] = [];
    for (const region of STARTER_REGIONS) {
      const x3 = x3Side(region);
      const accounts = topOneAccuracy(suggestAccounts(x3.accounts, seedXeroAccounts()), expectedAccountPairs(region));
      const rates = COUNTRY_SEEDS[XERO_REGION[region]].taxRates.map((t) => ({
        taxType: t.TaxType,
        name: t.Name,
        rate: t.Rate,
        reportTaxType: t.ReportTaxType,
        active: true,
      }));
      const proposals = suggestTaxes(x3.taxes, rates);
      const expected = expectedTaxPairs(region);
      const sales = topOneAccuracy(
        proposals.filter((p) => p.scope === 'sales'),
        expected.sales,
      );
      const purchase = topOneAccuracy(
        proposals.filter((p) => p.scope === 'purchase'),
        expected.purchase,
      );
      for (const [what, r] of Object.entries({ accounts, sales, purchase })) {
        hits += r.hits;
        total += r.total;
        misses.push(...r.misses.map((m) => `${region} ${what} ${m}`));
      }
    }
    const accuracy = hits / total;
    console.log(
      `seed top-1 accuracy: ${hits}/${total} = ${accuracy.toFixed(3)}; misses: ${misses.join('; ') || 'none'}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
  });
});
