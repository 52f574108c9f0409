import { waitSeconds } from './tenant-job-runner';

describe('job wait time (lb_job_wait_seconds)', () => {
  it('runs from when the job was added to when a worker started it', () => {
    expect(waitSeconds({ timestamp: 10_000, processedOn: 12_500, attemptsMade: 0, opts: {} })).toBe(2.5);
  });

  it("starts a delayed job's wait when its delay ran out", () => {
    expect(waitSeconds({ timestamp: 10_000, processedOn: 16_000, attemptsMade: 0, opts: { delay: 5_000 } })).toBe(1);
    // started a moment before its due time (clock skew between processes): no negative wait
    expect(waitSeconds({ timestamp: 10_000, processedOn: 14_900, attemptsMade: 0, opts: { delay: 5_000 } })).toBe(0);
  });

  it("does not count a retry's wait (it includes the backoff the job asked for)", () => {
    expect(waitSeconds({ timestamp: 10_000, processedOn: 90_000, attemptsMade: 1, opts: {} })).toBeUndefined();
  });
});
