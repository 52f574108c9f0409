import { ALL_INTEGRATIONS, dashboardChoice } from '../src/features/dashboard/dashboard-choice';

describe('the overview dashboard: which integration it shows', () => {
  it('shows all integrations together by default when there are several', () => {
    expect(dashboardChoice(['a', 'b'], null)).toBe(ALL_INTEGRATIONS);
  });
  it('shows the only integration by default when there is one, and nothing when there is none', () => {
    expect(dashboardChoice(['a'], null)).toBe('a');
    expect(dashboardChoice([], null)).toBeUndefined();
  });
  it('keeps what the query string asks for (one integration, or all even with one)', () => {
    expect(dashboardChoice(['a', 'b'], 'b')).toBe('b');
    expect(dashboardChoice(['a'], ALL_INTEGRATIONS)).toBe(ALL_INTEGRATIONS);
  });
});
