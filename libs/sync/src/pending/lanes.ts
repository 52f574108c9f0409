/** Priority lanes of pending changes: a lower number drains first (and maps to Bull's priority). */
export const LANES = { interactive: 0, webhook: 1, polling: 2, backfill: 3 } as const;
export type LaneName = keyof typeof LANES;
export type Lane = (typeof LANES)[LaneName];

/** Bull priorities start at 1 (highest). */
export function bullPriorityOf(lane: number): number {
  return lane + 1;
}
