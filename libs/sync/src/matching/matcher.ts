// First-connection matching: pairs the records Xero already holds with X3's before the first
// write, so the sync updates them instead of creating duplicates. Pure and synchronous.
import { matchParties } from './contact-matching';
import { matchBills, matchByCode, matchInvoices } from './coded-matching';
import { findNameClashes } from './name-clashes';
import { StagedOutput } from './staged-matching';
import {
  AmbiguousMatch,
  EntityCounts,
  MATCH_ENTITIES,
  MatchEntity,
  MatchInput,
  MatchProposal,
  MatchResult,
  slotOf,
} from './match-types';

/** Leaves out what a cross-reference already links: neither side is proposed again. */
function unlinked<X, Y>(
  entity: MatchEntity,
  x3: X[],
  xero: Y[],
  keyOf: (x: X) => string,
  idOf: (y: Y) => string,
  linked: Map<string, string>,
) {
  const linkedIds = new Set<string>();
  const prefix = `${entity}:`;
  for (const [slot, id] of linked) if (slot.startsWith(prefix)) linkedIds.add(id);
  const open = x3.filter((x) => !linked.has(slotOf(entity, keyOf(x))));
  return { x3: open, xero: xero.filter((y) => !linkedIds.has(idOf(y))), linked: x3.length - open.length };
}

/** A document's match rests on its contact's: the proposal names the party, so confirming can require both. */
function withParty(out: StagedOutput, documents: Array<{ key: string; partyKey: string }>): StagedOutput {
  const partyOf = new Map(documents.map((d) => [d.key, d.partyKey]));
  return { ...out, proposals: out.proposals.map((p) => ({ ...p, partyKey: partyOf.get(p.x3Key) })) };
}

export function matchFirstConnection(input: MatchInput): MatchResult {
  const linked = input.linked ?? new Map<string, string>();
  const renames = input.renames ?? new Map<string, string>();
  const outputs = new Map<MatchEntity, StagedOutput & { linked: number; x3: number; xero: number }>();
  const run = <X, Y>(
    entity: MatchEntity,
    x3: X[],
    xero: Y[],
    keyOf: (x: X) => string,
    idOf: (y: Y) => string,
    match: (x3: X[], xero: Y[]) => StagedOutput,
  ) => {
    const open = unlinked(entity, x3, xero, keyOf, idOf, linked);
    outputs.set(entity, { ...match(open.x3, open.xero), linked: open.linked, x3: x3.length, xero: xero.length });
  };
  const key = (x: { key: string }) => x.key;
  const id = (y: { id: string }) => y.id;
  const { xero } = input;

  run('customer', input.customers, xero.contacts, key, id, (x, y) => matchParties('customer', x, y));
  run('supplier', input.suppliers, xero.contacts, key, id, (x, y) => matchParties('supplier', x, y));
  run('product', input.products, xero.items, key, id, (x, y) => matchByCode('product', x, y));
  run('account', input.accounts, xero.accounts, key, id, (x, y) => matchByCode('account', x, y));

  // Documents need their contact: the match just proposed, or the link already recorded.
  const targets = new Map(linked);
  for (const entity of ['customer', 'supplier'] as const) {
    for (const p of outputs.get(entity)!.proposals) targets.set(slotOf(entity, p.x3Key), p.xeroId);
  }
  const contactOf = (entity: 'customer' | 'supplier') => (partyKey: string) => targets.get(slotOf(entity, partyKey));
  run('invoice', input.invoices, xero.invoices, key, id, (x, y) =>
    withParty(matchInvoices(x, y, contactOf('customer')), x),
  );
  run('bill', input.bills, xero.bills, key, id, (x, y) => withParty(matchBills(x, y, contactOf('supplier')), x));

  const proposals: MatchProposal[] = [];
  const ambiguous: AmbiguousMatch[] = [];
  const counts = {} as Record<MatchEntity, EntityCounts>;
  for (const entity of MATCH_ENTITIES) {
    const out = outputs.get(entity)!;
    proposals.push(...out.proposals);
    ambiguous.push(...out.ambiguous);
    const decided = out.proposals.length + out.ambiguous.length;
    counts[entity] = {
      x3: out.x3,
      xero: out.xero,
      matched: out.proposals.length,
      ambiguous: out.ambiguous.length,
      unmatched: out.x3 - out.linked - decided,
      linked: out.linked,
    };
  }

  const { clashes, shared } = findNameClashes({
    parties: [...input.customers, ...input.suppliers],
    contacts: xero.contacts,
    targets: new Map([...targets].filter(([slot]) => slot.startsWith('customer:') || slot.startsWith('supplier:'))),
    undecided: new Set(
      ambiguous.filter((a) => a.entity === 'customer' || a.entity === 'supplier').map((a) => slotOf(a.entity, a.x3Key)),
    ),
    renames,
  });
  return { proposals, ambiguous, clashes, shared, counts };
}
