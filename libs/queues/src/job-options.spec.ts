import { jitteredExponentialDelay } from './job-options';

describe('jitteredExponentialDelay', () => {
  it('grows exponentially within [ceiling/2, ceiling] and stops at the cap', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(600_000, 2_000 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const d = jitteredExponentialDelay(attempt);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('spreads retries that happen at the same attempt', () => {
    const delays = new Set(Array.from({ length: 20 }, () => jitteredExponentialDelay(4)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
