// Accuracy on generated charts: codes renumbered on both sides, X3 descriptions reworded
// (testing/chart-generator.ts). 40 seeds; the figure is over every expected pair of all of them.
import { CHART } from '../../../../apps/sandbox/src/xero/orgs/seed-charts';
import { suggestAccounts } from './account-suggestions';
import type { XeroAccountFacts } from './suggestion-types';
import { generateCharts } from './testing/chart-generator';
import { topOneAccuracy } from './testing/expected-pairs';

const xeroChart: XeroAccountFacts[] = CHART.map(([code, name, type, cls, , extra]) => ({
  code,
  name,
  type,
  accountClass: cls,
  systemAccount: extra?.SystemAccount as string | undefined,
  active: extra?.Status !== 'ARCHIVED',
}));

describe('suggestions on generated charts of accounts', () => {
  it('finds ≥ 80% of the pairs (top-1) with renumbered codes and reworded descriptions', () => {
    let hits = 0;
    let total = 0;
    const misses: string[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const { x3, xero, expected } = generateCharts(seed, xeroChart);
      // nothing to lean on but words and types: no code is the same on both sides
      expect(x3.some((a) => xero.some((b) => b.code === a.code))).toBe(false);
      const r = topOneAccuracy(suggestAccounts(x3, xero), expected);
      hits += r.hits;
      total += r.total;
      const name = (code: string) => x3.find((a) => a.code === code)?.description;
      misses.push(...r.misses.map((m) => `#${seed} ${name(m.split('→')[0])}: ${m}`));
    }
    const accuracy = hits / total;
    console.log(
      `generated charts top-1 accuracy: ${hits}/${total} = ${accuracy.toFixed(3)}; misses: ${misses.join('; ') || 'none'}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('is the same chart for the same seed, and another for another seed', () => {
    const a = generateCharts(7, xeroChart);
    expect(generateCharts(7, xeroChart)).toEqual(a);
    expect(generateCharts(8, xeroChart).x3).not.toEqual(a.x3);
  });
});
