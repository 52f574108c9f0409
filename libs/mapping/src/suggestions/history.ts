// The tenant's own earlier decisions: a pair it accepted comes first (here) or is favoured (on
// another of its integrations); a pair it rejected here is never proposed again. Decisions are
// read per tenant (RLS), so one tenant's choices never move another's suggestions.
import type { Candidate, PriorDecision, SuggestionKind, SuggestionScope } from './suggestion-types';

/** Above any score the signals can add up to: a confirmed pair wins the assignment. */
const CONFIRMED = 2;
const CONFIRMED_ELSEWHERE = 0.3;
const REJECTED_ELSEWHERE = -0.3;

export function applyHistory(
  candidates: Candidate[],
  decisions: readonly PriorDecision[],
  kind: SuggestionKind,
  scope: SuggestionScope,
  label: (c: Candidate) => string,
): Candidate[] {
  const mine = decisions.filter((d) => d.kind === kind && d.scope === scope);
  const find = (c: Candidate, here: boolean, decision: PriorDecision['decision']) =>
    mine.some(
      (d) => d.here === here && d.decision === decision && d.sourceKey === c.sourceKey && d.targetKey === c.targetKey,
    );
  return candidates.flatMap((c) => {
    if (find(c, true, 'rejected')) return [];
    if (find(c, true, 'accepted'))
      return [{ ...c, score: CONFIRMED, reasons: [`you confirmed ${label(c)} before`, ...c.reasons] }];
    if (find(c, false, 'accepted'))
      return [
        {
          ...c,
          score: c.score + CONFIRMED_ELSEWHERE,
          reasons: [`you confirmed ${label(c)} on another integration`, ...c.reasons],
        },
      ];
    if (find(c, false, 'rejected'))
      return [
        {
          ...c,
          score: c.score + REJECTED_ELSEWHERE,
          reasons: [...c.reasons, `you rejected ${label(c)} on another integration`],
        },
      ];
    return [c];
  });
}
