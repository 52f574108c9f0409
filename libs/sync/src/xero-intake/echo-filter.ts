// Our own writes coming back from Xero (a poll or a webhook after the drain wrote the record) are
// recognised at intake: the cross-reference keeps Xero's UpdatedDateUTC of what we last wrote or
// read, and a Xero record not newer than that holds nothing to carry to X3. Without this, the
// initial load's 10,000 contacts came back as 10,000 pending changes, each claimed by a drain only
// to be found an echo there (party-write.ts keeps that check for whatever gets past this one).
import { EntityManager } from 'typeorm';
import { CrossReferences, CrossReferenceScope } from '../cross-references/cross-references.service';

export interface XeroStamp {
  /** The record's Xero id, lower case (as pending changes and cross-references hold it). */
  xeroId: string;
  /** Xero's UpdatedDateUTC of the record read (or its webhook event's date), ms; NaN when unknown. */
  updatedMs: number;
}

/** The ids among `stamps` that are no newer than the snapshot last written or read for them. */
export async function echoesOf(
  m: EntityManager,
  scope: CrossReferenceScope,
  stamps: XeroStamp[],
): Promise<Set<string>> {
  const known = stamps.filter((s) => !Number.isNaN(s.updatedMs));
  if (!known.length) return new Set();
  const refs = await new CrossReferences().byXeroIds(
    m,
    scope,
    known.map((s) => s.xeroId),
  );
  const echoes = new Set<string>();
  for (const s of known) {
    const ref = refs.get(s.xeroId);
    if (!ref || ref.state === 'archived' || !ref.xeroUpdatedAt) continue;
    if (s.updatedMs <= ref.xeroUpdatedAt.getTime()) echoes.add(s.xeroId);
  }
  return echoes;
}
