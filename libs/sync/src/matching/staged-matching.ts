// The matching loop every entity shares: rules tried in order, each against the Xero records no
// earlier rule claimed. A rule that finds several candidates, or a Xero record that several X3
// records find, makes those X3 records ambiguous: listed for the user, never guessed.
import { AmbiguousMatch, MatchEntity, MatchProposal, MatchRule } from './match-types';

export interface StageRule<X, Y> {
  rule: MatchRule;
  /** The X3 record's key under the rule ('' or undefined: the rule does not apply). */
  x3Key(x: X): string | undefined;
  /** The Xero record's key under the rule. */
  xeroKey(y: Y): string | undefined;
  /** 0–100 for a unique hit. */
  confidence(x: X, y: Y): number;
  /** The Xero natural key the match rests on. */
  naturalKey(y: Y): string | null;
  /** A unique hit the rule still refuses to take (a document of another contact): listed as ambiguous. */
  refuse?(x: X, y: Y): AmbiguousMatch['reason'] | undefined;
}

export interface StagedInput<X, Y> {
  entity: MatchEntity;
  x3: X[];
  xero: Y[];
  x3KeyOf(x: X): string;
  xeroIdOf(y: Y): string;
  x3Label(x: X): string;
  xeroLabel(y: Y): string;
  rules: StageRule<X, Y>[];
}

export interface StagedOutput {
  proposals: MatchProposal[];
  ambiguous: AmbiguousMatch[];
}

function indexBy<Y>(rows: Y[], keyOf: (y: Y) => string | undefined): Map<string, Y[]> {
  const index = new Map<string, Y[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (!key) continue;
    const list = index.get(key);
    if (list) list.push(row);
    else index.set(key, [row]);
  }
  return index;
}

/** Runs the rules in order; O((|X3| + |Xero|) × rules) with one hash index per rule. */
export function matchInStages<X, Y>(s: StagedInput<X, Y>): StagedOutput {
  const proposals: MatchProposal[] = [];
  const ambiguous: AmbiguousMatch[] = [];
  const claimed = new Set<string>();
  let open = s.x3;
  const candidate = (y: Y) => ({ xeroId: s.xeroIdOf(y), label: s.xeroLabel(y) });

  for (const r of s.rules) {
    const index = indexBy(
      s.xero.filter((y) => !claimed.has(s.xeroIdOf(y))),
      (y) => r.xeroKey(y),
    );
    const hits = new Map<string, Array<{ x: X; y: Y }>>();
    const stillOpen: X[] = [];
    for (const x of open) {
      const key = r.x3Key(x);
      const found = key ? index.get(key) : undefined;
      if (!found) {
        stillOpen.push(x);
        continue;
      }
      const base = { entity: s.entity, x3Key: s.x3KeyOf(x), x3Label: s.x3Label(x), rule: r.rule };
      if (found.length > 1) {
        ambiguous.push({ ...base, reason: 'several-candidates', candidates: found.map(candidate) });
        continue;
      }
      const refused = r.refuse?.(x, found[0]);
      if (refused) {
        ambiguous.push({ ...base, reason: refused, candidates: [candidate(found[0])] });
        continue;
      }
      const id = s.xeroIdOf(found[0]);
      const claims = hits.get(id);
      if (claims) claims.push({ x, y: found[0] });
      else hits.set(id, [{ x, y: found[0] }]);
    }
    for (const [id, claims] of hits) {
      if (claims.length > 1) {
        for (const { x, y } of claims) {
          ambiguous.push({
            entity: s.entity,
            x3Key: s.x3KeyOf(x),
            x3Label: s.x3Label(x),
            rule: r.rule,
            reason: 'contested',
            candidates: [candidate(y)],
          });
        }
        continue;
      }
      const [{ x, y }] = claims;
      claimed.add(id);
      proposals.push({
        entity: s.entity,
        x3Key: s.x3KeyOf(x),
        xeroId: id,
        xeroNaturalKey: r.naturalKey(y),
        rule: r.rule,
        confidence: r.confidence(x, y),
        x3Label: s.x3Label(x),
        xeroLabel: s.xeroLabel(y),
      });
    }
    open = stillOpen;
  }
  return { proposals, ambiguous };
}
