import { allowancesFrom, parsePlanAllowances } from './allowances';
import { forecastApp, forecastOrg } from './usage-forecast';

const day = (date: string, calls: number, bytesIn: number, bytesOut = 0) => ({ date, calls, bytesIn, bytesOut });
const plan = { plan: 'standard', callsPerDay: 2500, mbPerMonth: 2000 };

describe('usage forecast', () => {
  it('averages the last seven complete days, leaving today (still running) out', () => {
    const history = [
      day('2026-11-23', 9999, 9_999_999), // eight days back: outside the basis
      ...Array.from({ length: 7 }, (_, i) => day(`2026-11-${24 + i}`, 100 + i, 1_000_000, 1)),
      day('2026-12-01', 50_000, 50_000_000_000), // today: not counted
    ];
    const f = forecastOrg(history, plan);
    expect(f.basisDays).toBe(7);
    expect(f.callsPerDay).toBe('103.0'); // (100+…+106)/7
    expect(f.bytesPerDay).toBe('1000001');
    expect(f.bytesPerMonth).toBe('30000030');
    expect(f.planBytesPerMonth).toBe('2000000000');
    expect(f.callsOfPlanPercent).toBe('4.1'); // 103/2500 = 4.12 %
    expect(f.bytesOfPlanPercent).toBe('1.5');
    expect(f.overPlan).toBe(false);
  });

  it('says over plan when calls or bytes exceed the fair use, and rounds bytes up', () => {
    const history = [day('2026-11-30', 3000, 1), day('2026-12-01', 0, 0)];
    expect(forecastOrg(history, plan)).toMatchObject({ basisDays: 1, callsOfPlanPercent: '120.0', overPlan: true });
    const bytes = [day('2026-11-29', 1, 70_000_000), day('2026-11-30', 1, 70_000_001), day('2026-12-01', 0, 0)];
    // 70,000,000.5 a day → 70,000,001 (ceil); 30 days ≈ 2.1 GB > 2 GB
    expect(forecastOrg(bytes, plan)).toMatchObject({
      bytesPerDay: '70000001',
      bytesPerMonth: '2100000015',
      overPlan: true,
    });
  });

  it('with no complete day yet forecasts zero rather than dividing by zero', () => {
    expect(forecastOrg([day('2026-12-01', 40, 4000)], plan)).toMatchObject({
      basisDays: 0,
      callsPerDay: '0.0',
      bytesPerMonth: '0',
      callsOfPlanPercent: '0.0',
      overPlan: false,
    });
  });

  it("prices the app's egress overage against its tier in exact decimals, beyond 2^53 bytes too", () => {
    const tier = { tier: 'core' as const, egressGbPerMonth: '10', overageAudPerGb: '2.40' };
    // 1 GB a day → 30 GB a month: 20 GB over, 20 × 2.40 = 48.00 AUD
    const f = forecastApp([...Array.from({ length: 7 }, () => ({ bytes: 1e9 })), { bytes: 5 }], tier);
    expect(f).toEqual({
      tier: 'core',
      basisDays: 7,
      bytesPerMonth: '30000000000',
      includedBytesPerMonth: '10000000000',
      bytesOfTierPercent: '300.0',
      overageGb: '20.000',
      overageCostAud: '48.00',
    });
    // 10.30000002 GB a month: 0.30000002 GB over, never rounded down (the bill is not)
    const small = forecastApp([{ bytes: 343_333_334 }, { bytes: 0 }], tier);
    expect(small.overageGb).toBe('0.301');
    expect(small.overageCostAud).toBe('0.73'); // 0.720000048 AUD, up to the next cent
    const huge = forecastApp([{ bytes: 2 ** 53 }, { bytes: 0 }], {
      ...tier,
      tier: 'advanced',
      egressGbPerMonth: '250',
    });
    expect(huge.bytesPerMonth).toBe('270215977642229760');
    const starter = forecastApp([{ bytes: 1e12 }, { bytes: 0 }], { ...tier, tier: 'starter', egressGbPerMonth: null });
    expect(starter).toMatchObject({ includedBytesPerMonth: null, bytesOfTierPercent: null, overageCostAud: '0.00' });
  });

  it('reads allowances from configuration and refuses malformed ones', () => {
    expect(parsePlanAllowances('standard=2500/2000,pro=5000/10000')).toEqual({
      standard: { plan: 'standard', callsPerDay: 2500, mbPerMonth: 2000 },
      pro: { plan: 'pro', callsPerDay: 5000, mbPerMonth: 10000 },
    });
    expect(() => parsePlanAllowances('standard=lots')).toThrow(RangeError);
    const base = {
      XERO_APP_TIER: 'enterprise',
      XERO_EGRESS_AUD_PER_GB: '2.40',
      LB_PLAN_ALLOWANCES: 'standard=2500/2000',
      LB_DEFAULT_PLAN: 'standard',
    };
    expect(allowancesFrom(base).tier.egressGbPerMonth).toBeNull();
    expect(allowancesFrom({ ...base, XERO_TIER_EGRESS_GB: '1000' }).tier.egressGbPerMonth).toBe('1000');
    expect(() => allowancesFrom({ ...base, LB_DEFAULT_PLAN: 'gold' })).toThrow(/not in LB_PLAN_ALLOWANCES/);
  });
});
