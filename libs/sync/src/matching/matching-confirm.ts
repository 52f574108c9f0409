// Confirming a matching run: the accepted pairs become cross-references in state 'matched' (the
// sync then updates those Xero records instead of creating duplicates), each name clash gets the
// name the user accepted or edited, and the integration is marked confirmed — all in the caller's
// transaction, so a refused confirmation changes nothing.
import { EntityManager, QueryFailedError } from 'typeorm';
import { CrossReferences } from '../cross-references/cross-references.service';
import { SyncContactName } from './contact-name.entity';
import { InvalidConfirmationError, MatchingConflictError } from './matching-errors';
import { SyncMatchProposal } from './match-proposal.entity';
import { SyncMatching } from './matching.entity';
import { recordMatchedPairs } from './record-matched';
import { CONTACT_NAME_MAX } from './name-clashes';
import { MatchEntity, slotOf } from './match-types';
import { xeroNameKey } from './normalise';

export interface MatchingConfirmation {
  /** The run reviewed: a confirmation of an older run is refused (409). */
  runId: string;
  /** Accept every proposed match (ambiguous lines still need an explicit choice). */
  acceptAll?: boolean;
  /** Proposals accepted; for an ambiguous line, `xeroId` picks one of its candidates. */
  accept?: Array<{ entity: MatchEntity; x3Key: string; xeroId?: string }>;
  /** The name for each clash: the proposed one or the user's own. Every clash needs one. */
  renames?: Array<{ entity: 'customer' | 'supplier'; x3Key: string; name: string }>;
}

export interface ConfirmationSummary {
  linked: number;
  renamed: number;
}

interface Pair {
  entity: MatchEntity;
  x3Key: string;
  xeroId: string;
  xeroNaturalKey: string | null;
  contentHash: string;
}

function pairsOf(body: MatchingConfirmation, lines: SyncMatchProposal[]): Pair[] {
  const matches = new Map(lines.filter((l) => l.kind === 'match').map((l) => [slotOf(l.entity, l.x3Key), l]));
  const ambiguous = new Map(lines.filter((l) => l.kind === 'ambiguous').map((l) => [slotOf(l.entity, l.x3Key), l]));
  const pairs = new Map<string, Pair>();
  if (body.acceptAll) {
    for (const [slot, l] of matches) pairs.set(slot, pairOf(l, l.xeroId!, l.contentHash!));
  }
  for (const a of body.accept ?? []) {
    const slot = slotOf(a.entity, a.x3Key);
    const match = matches.get(slot);
    const open = ambiguous.get(slot);
    if (match && (!a.xeroId || a.xeroId === match.xeroId)) {
      pairs.set(slot, pairOf(match, match.xeroId!, match.contentHash!));
    } else if (open && a.xeroId) {
      const candidates = open.detail.candidates as Array<{ xeroId: string; contentHash: string }>;
      const chosen = candidates.find((c) => c.xeroId === a.xeroId);
      if (!chosen) throw new InvalidConfirmationError(`${slot}: ${a.xeroId} is not one of its candidates`);
      pairs.set(slot, pairOf(open, chosen.xeroId, chosen.contentHash));
    } else {
      throw new InvalidConfirmationError(
        open ? `${slot} is ambiguous: pick one of its candidates (xeroId)` : `${slot} is not a proposed match`,
      );
    }
  }
  // One Xero record per entity can stand for one X3 record only.
  const seen = new Set<string>();
  for (const p of pairs.values()) {
    const key = slotOf(p.entity, p.xeroId);
    if (seen.has(key)) throw new InvalidConfirmationError(`${p.entity} ${p.xeroId} is accepted for two X3 records`);
    seen.add(key);
  }
  return [...pairs.values()];
}

const PARTY_OF = { invoice: 'customer', bill: 'supplier' } as const;

/**
 * A document was matched because its contact was: accepting an invoice or bill needs its customer
 * or supplier accepted in the same confirmation, or already linked.
 */
async function requireDocumentContacts(
  m: EntityManager,
  integrationId: string,
  pairs: Pair[],
  lines: SyncMatchProposal[],
  references: CrossReferences,
): Promise<void> {
  const accepted = new Set(pairs.map((p) => slotOf(p.entity, p.x3Key)));
  const partyOf = new Map(
    lines
      .filter((l) => l.kind === 'match' && typeof l.detail.partyKey === 'string')
      .map((l) => [slotOf(l.entity, l.x3Key), String(l.detail.partyKey)]),
  );
  for (const entity of ['invoice', 'bill'] as const) {
    const party = PARTY_OF[entity];
    const missing = pairs
      .filter((p) => p.entity === entity)
      .map((p) => ({ document: p.x3Key, partyKey: partyOf.get(slotOf(entity, p.x3Key)) }))
      .filter((d) => !d.partyKey || !accepted.has(slotOf(party, d.partyKey)));
    if (!missing.length) continue;
    const linked = await references.byX3Keys(
      m,
      { integrationId, entity: party },
      missing.flatMap((d) => (d.partyKey ? [d.partyKey] : [])),
    );
    const unlinked = missing.filter((d) => {
      const ref = d.partyKey ? linked.get(d.partyKey) : undefined;
      return !ref || ref.state === 'archived' || !ref.xeroId;
    });
    if (unlinked.length) {
      throw new InvalidConfirmationError(
        `${entity} ${unlinked[0].document}: accept its ${party} ${unlinked[0].partyKey ?? ''} too (the match rests on it)`,
      );
    }
  }
}

function pairOf(line: SyncMatchProposal, xeroId: string, contentHash: string): Pair {
  return { entity: line.entity, x3Key: line.x3Key, xeroId, xeroNaturalKey: line.xeroNaturalKey, contentHash };
}

function renamesOf(body: MatchingConfirmation, lines: SyncMatchProposal[], taken: Set<string>) {
  const clashes = lines.filter((l) => l.kind === 'clash');
  const given = new Map((body.renames ?? []).map((r) => [slotOf(r.entity, r.x3Key), r]));
  for (const slot of given.keys()) {
    if (!clashes.some((c) => slotOf(c.entity, c.x3Key) === slot)) {
      throw new InvalidConfirmationError(`${slot} has no name clash to resolve`);
    }
  }
  const unresolved = clashes.filter((c) => !given.has(slotOf(c.entity, c.x3Key)));
  if (unresolved.length) {
    throw new MatchingConflictError(
      'unresolved_clashes',
      `Every name clash needs a name (the proposed one or your own): ${unresolved
        .slice(0, 5)
        .map((c) => slotOf(c.entity, c.x3Key))
        .join(', ')}${unresolved.length > 5 ? ' …' : ''}`,
    );
  }
  const chosen = new Set<string>();
  return [...given.values()].map((r) => {
    const name = r.name.trim();
    const key = xeroNameKey(name);
    if (!name || name.length > CONTACT_NAME_MAX) {
      throw new InvalidConfirmationError(`${slotOf(r.entity, r.x3Key)}: a name of 1–${CONTACT_NAME_MAX} characters`);
    }
    if (taken.has(key) || chosen.has(key)) {
      throw new InvalidConfirmationError(`${slotOf(r.entity, r.x3Key)}: "${name}" is another contact's name`);
    }
    chosen.add(key);
    return { ...r, name };
  });
}

export async function confirmMatching(
  m: EntityManager,
  tenantId: string,
  integrationId: string,
  body: MatchingConfirmation,
  userId: string,
  references: CrossReferences,
): Promise<ConfirmationSummary> {
  // Locked: two confirmations of one run do not interleave.
  const matching = await m.findOne(SyncMatching, { where: { integrationId }, lock: { mode: 'pessimistic_write' } });
  if (!matching) throw new MatchingConflictError('not_run', 'Run the matching first');
  if (matching.runId !== body.runId) {
    throw new MatchingConflictError('stale_run', 'The matching was run again since: review the new proposals');
  }
  const lines = await m.find(SyncMatchProposal, { where: { integrationId } });
  const pairs = pairsOf(body, lines);
  await requireDocumentContacts(m, integrationId, pairs, lines, references);
  const renames = renamesOf(body, lines, new Set(matching.takenNames));
  try {
    await recordMatchedPairs(m, tenantId, integrationId, pairs);
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
      throw new MatchingConflictError(
        'already_linked',
        'A Xero record accepted here is already linked to another X3 record',
      );
    }
    throw error;
  }
  for (const r of renames) {
    await m.upsert(
      SyncContactName,
      { tenantId, integrationId, entity: r.entity, x3Key: r.x3Key, name: r.name, confirmedByUserId: userId },
      { conflictPaths: ['tenantId', 'integrationId', 'entity', 'x3Key'] },
    );
  }
  await m.update(SyncMatching, { id: matching.id }, { confirmedAt: new Date(), confirmedByUserId: userId });
  return { linked: pairs.length, renamed: renames.length };
}
