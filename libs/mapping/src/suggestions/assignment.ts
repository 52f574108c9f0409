// One-to-one assignment: greedy by score, so two sources never take the same target (two X3
// accounts do not both get the organisation's one receivable control account). Ties break by
// key so the result is the same on every run.
import type { Candidate } from './suggestion-types';

export function assignOneToOne(candidates: readonly Candidate[], minScore: number): Map<string, Candidate> {
  const ordered = [...candidates]
    .filter((c) => c.score >= minScore)
    .sort(
      (a, b) => b.score - a.score || a.sourceKey.localeCompare(b.sourceKey) || a.targetKey.localeCompare(b.targetKey),
    );
  const bySource = new Map<string, Candidate>();
  const takenTargets = new Set<string>();
  for (const c of ordered) {
    if (bySource.has(c.sourceKey) || takenTargets.has(c.targetKey)) continue;
    bySource.set(c.sourceKey, c);
    takenTargets.add(c.targetKey);
  }
  return bySource;
}

/** The best other candidates of each source (for the user to pick from), best first. */
export function alternativesOf(
  candidates: readonly Candidate[],
  chosen: Map<string, Candidate>,
  minScore: number,
  count = 2,
): Map<string, Candidate[]> {
  const out = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.score < minScore || chosen.get(c.sourceKey)?.targetKey === c.targetKey) continue;
    out.set(c.sourceKey, [...(out.get(c.sourceKey) ?? []), c]);
  }
  for (const [key, list] of out) {
    out.set(key, list.sort((a, b) => b.score - a.score || a.targetKey.localeCompare(b.targetKey)).slice(0, count));
  }
  return out;
}

/** Scores are sums of signals; a confidence is kept within 0..1 with two decimals. */
export function confidenceOf(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;
}
