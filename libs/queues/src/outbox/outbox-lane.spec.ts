import { outboxLane } from './outbox-lane';

describe('outboxLane', () => {
  it('names host, port and database, never the password', () => {
    expect(outboxLane('redis://:s3cret@10.0.0.5:6380/2')).toBe('10.0.0.5:6380/2');
    expect(outboxLane('rediss://user:pw@cache.example')).toBe('cache.example:6379/0');
    expect(outboxLane('redis://127.0.0.1:6379')).toBe(outboxLane('redis://127.0.0.1:6379/0'));
    expect(outboxLane('redis://127.0.0.1:6379/1')).not.toBe(outboxLane('redis://127.0.0.1:6379/2'));
  });
});
