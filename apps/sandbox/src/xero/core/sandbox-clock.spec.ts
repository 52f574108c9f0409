import { SandboxClock } from './sandbox-clock';

describe('SandboxClock', () => {
  afterEach(() => jest.useRealTimers());

  it('runs scale times faster than real time and moves forward on demand', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const clock = new SandboxClock(10);
    const start = clock.now();
    jest.setSystemTime(1_006_000);
    expect(clock.now() - start).toBe(60_000);
    clock.advance(30);
    expect(clock.now() - start).toBe(90_000);
    expect(clock.toRealMs(60_000)).toBe(6_000);
    expect(() => clock.advance(-1)).toThrow();
  });
});
