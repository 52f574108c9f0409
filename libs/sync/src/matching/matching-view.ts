// What GET /matching answers: the last run's lines, grouped for review, and whether it is confirmed.
import type { SyncContactName } from './contact-name.entity';
import type { SyncMatchProposal } from './match-proposal.entity';
import type { SyncMatching } from './matching.entity';
import type { AmbiguousMatch, EntityCounts, MatchEntity, MatchProposal, NameClash, SharedContact } from './match-types';

export interface MatchingView {
  integrationId: string;
  /** Null until the first run. */
  runId: string | null;
  computedAt: Date | null;
  /** False until the user confirms: the sync engine writes nothing to the organisation before. */
  confirmed: boolean;
  confirmedAt: Date | null;
  counts: Partial<Record<MatchEntity, EntityCounts>>;
  proposals: MatchProposal[];
  ambiguous: AmbiguousMatch[];
  clashes: NameClash[];
  shared: SharedContact[];
  /** Names confirmed for X3 parties (what the writer sends instead of the X3 name). */
  renames: Array<{ entity: 'customer' | 'supplier'; x3Key: string; name: string }>;
}

type Detail = Record<string, unknown>;

export function viewOf(
  integrationId: string,
  matching: SyncMatching | null,
  lines: SyncMatchProposal[],
  names: SyncContactName[],
): MatchingView {
  const proposals: MatchProposal[] = [];
  const ambiguous: AmbiguousMatch[] = [];
  const clashes: NameClash[] = [];
  for (const l of lines) {
    const d = l.detail as Detail;
    if (l.kind === 'match') {
      proposals.push({
        entity: l.entity,
        x3Key: l.x3Key,
        xeroId: l.xeroId!,
        xeroNaturalKey: l.xeroNaturalKey,
        rule: l.rule!,
        confidence: l.confidence!,
        x3Label: String(d.x3Label),
        xeroLabel: String(d.xeroLabel),
        ...(typeof d.partyKey === 'string' ? { partyKey: d.partyKey } : {}),
      });
    } else if (l.kind === 'ambiguous') {
      ambiguous.push({
        entity: l.entity,
        x3Key: l.x3Key,
        x3Label: String(d.x3Label),
        rule: l.rule!,
        reason: d.reason as AmbiguousMatch['reason'],
        candidates: (d.candidates as AmbiguousMatch['candidates']).map((c) => ({ xeroId: c.xeroId, label: c.label })),
      });
    } else {
      clashes.push({
        entity: l.entity as NameClash['entity'],
        x3Key: l.x3Key,
        name: String(d.name),
        heldBy: d.heldBy as NameClash['heldBy'],
        proposedName: String(d.proposedName),
      });
    }
  }
  return {
    integrationId,
    runId: matching?.runId ?? null,
    computedAt: matching?.computedAt ?? null,
    confirmed: !!matching?.confirmedAt,
    confirmedAt: matching?.confirmedAt ?? null,
    counts: matching?.counts ?? {},
    proposals,
    ambiguous,
    clashes,
    shared: matching?.shared ?? [],
    renames: names.map((n) => ({ entity: n.entity, x3Key: n.x3Key, name: n.name })),
  };
}
