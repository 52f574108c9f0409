import { backoffMs } from './graphql-client';

describe('read retry backoff', () => {
  it('doubles from the base with 50-100% jitter, capped at 10 s', () => {
    for (let i = 0; i < 200; i++) {
      const first = backoffMs(1, 500);
      expect(first).toBeGreaterThanOrEqual(250);
      expect(first).toBeLessThanOrEqual(500);
      const third = backoffMs(3, 500);
      expect(third).toBeGreaterThanOrEqual(1000);
      expect(third).toBeLessThanOrEqual(2000);
      const late = backoffMs(20, 500);
      expect(late).toBeGreaterThanOrEqual(5000);
      expect(late).toBeLessThanOrEqual(10_000);
    }
  });
});
