// The sequencer spaces the one-at-a-time sync worlds out between other suites, keeping jest's
// longest-first order otherwise.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const WorldSpacingSequencer = require('./world-spacing.sequencer.js') as new (o: unknown) => {
  _cache: Map<unknown, Record<string, [number, number]>>;
  sort(tests: FakeTest[]): FakeTest[];
};

interface FakeTest {
  path: string;
  context: { config: { cache: boolean }; hasteFS: { getSize: () => number } };
  duration?: number;
}

describe('WorldSpacingSequencer', () => {
  let dir: string;
  const context = { config: { cache: false }, hasteFS: { getSize: () => 1 } };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lb-seq-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Suites named by what they are and how long they last (ms), as the perf cache would hold them. */
  function suites(spec: Array<[name: string, world: boolean, ms: number | undefined]>) {
    const sequencer = new WorldSpacingSequencer({});
    const timings: Record<string, [number, number]> = {};
    const tests = spec.map(([name, world, ms]) => {
      const path = join(dir, `${name}.e2e-spec.ts`);
      writeFileSync(path, world ? 'world = await SyncWorld.start({ clockScale: 1 });' : 'it("x", () => {});');
      if (ms !== undefined) timings[path] = [1, ms];
      return { path, context };
    });
    sequencer._cache.set(context, timings);
    const names = () => sequencer.sort([...tests]).map((t) => t.path.slice(dir.length + 1).replace('.e2e-spec.ts', ''));
    return names;
  }

  it('puts other suites worth at least a world between two worlds, longest first otherwise', () => {
    const order = suites([
      ['w1', true, 300_000],
      ['w2', true, 200_000],
      ['a', false, 150_000],
      ['b', false, 120_000],
      ['c', false, 60_000],
      ['d', false, 30_000],
      ['e', false, 10_000],
    ]);
    // jest alone: w1, w2, a, b, c, d, e (both workers on a world, one waiting on the lock)
    expect(order()).toEqual(['w1', 'a', 'b', 'c', 'w2', 'd', 'e']);
  });

  it('leaves the order alone with fewer than two worlds', () => {
    const order = suites([
      ['a', false, 5_000],
      ['w1', true, 300_000],
      ['b', false, 50_000],
    ]);
    expect(order()).toEqual(['w1', 'b', 'a']);
  });

  it('guesses the time of suites jest has not timed yet', () => {
    // a fresh checkout: a world counts 240 s, another suite 10 s, so 24 suites go between two worlds
    const spec: Array<[string, boolean, number | undefined]> = [
      ['w1', true, undefined],
      ['w2', true, undefined],
    ];
    for (let i = 0; i < 30; i++) spec.push([`s${String(i).padStart(2, '0')}`, false, undefined]);
    const order = suites(spec)();
    const [first, second] = [order.indexOf('w1'), order.indexOf('w2')].sort((x, y) => x - y);
    expect(second - first - 1).toBe(24);
    expect(order).toHaveLength(32);
  });
});
