/** One bucket of one entity: changes settled in it, by how they ended. */
export interface SeriesPoint {
  /** The bucket's UTC start. */
  at: string;
  /** Written, matched or found unchanged (state done). */
  done: number;
  /** Of done: created in the target. */
  created: number;
  /** Of done: updated in the target. */
  updated: number;
  /** Refused by the target or the mapping (dead letters). */
  dead: number;
  /** Put before an accountant (lock date, paid or voided target). */
  held: number;
}

export interface EntitySeries {
  entity: string;
  points: SeriesPoint[];
}

export interface RangeTotals {
  done: number;
  dead: number;
  held: number;
  /** done / (done + dead + held), percent with one decimal as text; null when nothing settled. */
  successRate: string | null;
  failureRate: string | null;
}

/** What one flow has in hand now, and when it last did something. */
export interface FlowTile {
  flowKey: string;
  /** Open changes (pending + claimed + waiting): the flow's queue in PostgreSQL. */
  open: number;
  pending: number;
  claimed: number;
  waiting: number;
  held: number;
  /** Dead letters not replayed yet (all time, not only the range). */
  dead: number;
  /** When the oldest open change was accepted; null when none is open. */
  oldestOpenAt: string | null;
  /** Seconds since then (the sync lag); null when none is open. */
  lagSeconds: number | null;
  /** The last change the flow settled (done, dead or held), any time. */
  lastSettledAt: string | null;
  /** When a poll of the flow last finished (either side's cursor). */
  lastPolledAt: string | null;
  /** When the sweep last queued the flow's poll. */
  lastPollQueuedAt: string | null;
}
