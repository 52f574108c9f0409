// Jest's order (failed first, then longest first) put the sync proof worlds side by side: they are
// the longest suites, so both workers took one, and the second sat on the one-world-at-a-time lock
// (apps/worker/test/sync-world-lock.ts) for the whole of the first. This keeps jest's order but
// spaces the worlds out: after each world come other suites worth at least its time, so while one
// worker runs a world the other runs those, and the next world is reached about when the last ends.
const { readFileSync } = require('node:fs');
const DefaultSequencer = require('@jest/test-sequencer').default;

const WORLD = /\bSyncWorld\.start\(/;
/** Guesses for suites jest has no timing for yet (a fresh checkout), in ms. */
const UNKNOWN_WORLD_MS = 240_000;
const UNKNOWN_SUITE_MS = 10_000;

class WorldSpacingSequencer extends DefaultSequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const isWorld = (t) => WORLD.test(readFileSync(t.path, 'utf8'));
    const worlds = sorted.filter(isWorld);
    if (worlds.length < 2) return sorted;
    const others = sorted.filter((t) => !worlds.includes(t));
    const spaced = [];
    let next = 0;
    for (const world of worlds) {
      spaced.push(world);
      let gap = 0;
      const need = world.duration ?? UNKNOWN_WORLD_MS;
      while (next < others.length && gap < need) {
        gap += others[next].duration ?? UNKNOWN_SUITE_MS;
        spaced.push(others[next++]);
      }
    }
    return spaced.concat(others.slice(next));
  }
}

module.exports = WorldSpacingSequencer;
