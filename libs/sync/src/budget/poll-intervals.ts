// How often the Xero-side If-Modified-Since polls and comparisons run. While changes flow, each runs
// at its flow's interval; every run that finds nothing doubles the next interval, up to the idle
// interval (or jumps there after fewer steps when the budget is tight), which is sized so an
// integration where nothing changes spends at most IDLE_CALLS_PER_DAY calls in any Xero day, the
// steps after the last change included.
// A run that finds a change starts again from the flow's interval.

export const IDLE_CALLS_PER_DAY = 200;
/** Of the idle budget: polls catch changes Xero does not push, comparisons what polling missed. */
export const IDLE_SPLIT: Readonly<Record<XeroPoller['kind'], number>> = { poll: 150, comparison: 50 };
export const XERO_DAY_MS = 86_400_000;

export interface XeroPoller {
  key: string;
  kind: 'poll' | 'comparison';
  /** Xero calls one run costs (a comparison reads pages of 1000: ceil(records / 1000)). */
  callsPerRun: number;
  /** The interval while changes flow (the flow's configured one), ms on the caller's clock. */
  activeIntervalMs: number;
}

export interface IdleBudget {
  /** A Xero day on the caller's clock (86,400,000 / clock scale). */
  dayMs?: number;
  callsPerDay?: number;
}

/** Doubling steps after the last change before `activeMs` reaches `idleMs` (runs shorter than idle). */
export function rampRuns(activeMs: number, idleMs: number): number {
  let runs = 0;
  for (let step = activeMs; step < idleMs; step *= 2) runs++;
  return runs;
}

function budgetOf(kind: XeroPoller['kind'], pollers: readonly XeroPoller[], total: number): number {
  const both = pollers.some((p) => p.kind === 'poll') && pollers.some((p) => p.kind === 'comparison');
  return both ? Math.floor((total * IDLE_SPLIT[kind]) / (IDLE_SPLIT.poll + IDLE_SPLIT.comparison)) : total;
}

export interface IdleSchedule {
  /** The interval an idle poller of the kind settles at. */
  idleMs: number;
  /** Quiet runs that still double the interval before it jumps to idleMs (at least 1). */
  rampSteps: number;
}

/**
 * The idle interval of every poller of `kind` (one per kind, so each entity is checked as often)
 * and how many doubling steps lead to it. In a day-long window after a change a poller runs at
 * most 1 (the run that found the change) + its ramp runs + floor(day / interval) times; the most
 * runs a day win, then the longest ramp, as long as the kind's calls stay within its budget. When
 * even one run a day is over the budget (a comparison of a huge entity), the interval spans
 * several days so the budget holds on average.
 */
export function idleSchedule(
  kind: XeroPoller['kind'],
  pollers: readonly XeroPoller[],
  idle: IdleBudget = {},
): IdleSchedule {
  const dayMs = idle.dayMs ?? XERO_DAY_MS;
  const ofKind = pollers.filter((p) => p.kind === kind);
  if (ofKind.length === 0) return { idleMs: dayMs, rampSteps: 1 };
  const budget = budgetOf(kind, pollers, idle.callsPerDay ?? IDLE_CALLS_PER_DAY);
  const callsPerRound = ofKind.reduce((sum, p) => sum + p.callsPerRun, 0);
  const longestActive = Math.max(...ofKind.map((p) => p.activeIntervalMs));
  const cost = (interval: number, steps: number) =>
    ofKind.reduce(
      (sum, p) =>
        sum +
        p.callsPerRun * (Math.floor(dayMs / interval) + 1 + Math.min(steps, rampRuns(p.activeIntervalMs, interval))),
      0,
    );
  const most = Math.floor(budget / callsPerRound);
  // First a full doubling ramp with as many runs a day as fit, else a shorter ramp.
  for (const fullOnly of [true, false]) {
    for (let n = most; n >= 1; n--) {
      const idleMs = Math.max(Math.ceil(dayMs / n), longestActive);
      const fullRamp = Math.max(1, ...ofKind.map((p) => rampRuns(p.activeIntervalMs, idleMs)));
      for (let steps = fullRamp; steps >= (fullOnly ? fullRamp : 1); steps--) {
        if (cost(idleMs, steps) <= budget) return { idleMs, rampSteps: steps };
      }
    }
  }
  return { idleMs: Math.max(dayMs, Math.ceil((dayMs * callsPerRound) / budget), longestActive), rampSteps: 1 };
}

/** The interval an idle poller of `kind` settles at (see idleSchedule). */
export function idleIntervalMs(
  kind: XeroPoller['kind'],
  pollers: readonly XeroPoller[],
  idle: IdleBudget = {},
): number {
  return idleSchedule(kind, pollers, idle).idleMs;
}

/**
 * The wait before a poller's next run, after `quietRuns` consecutive runs that found nothing
 * (0 = the last run found changes). Pure: the triggers keep `quietRuns` with their schedule.
 */
export function pollIntervalFor(
  poller: XeroPoller,
  quietRuns: number,
  pollers: readonly XeroPoller[],
  idle: IdleBudget = {},
): number {
  const { idleMs, rampSteps } = idleSchedule(poller.kind, pollers, idle);
  if (poller.activeIntervalMs >= idleMs) return poller.activeIntervalMs;
  const quiet = Math.max(0, quietRuns);
  if (quiet >= rampSteps) return idleMs;
  return Math.min(idleMs, poller.activeIntervalMs * 2 ** quiet);
}
