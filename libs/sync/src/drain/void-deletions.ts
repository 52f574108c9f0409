// Deletions in X3 under a flow's `deletions: 'void-with-approval'` (the default, 'flag', only lists
// them). A deleted record is first held for an accountant with the proposal; once an admin approves
// it (DeadLetters.approve: the change comes back with `_approved` in its source) the drain voids the
// Xero document — DELETED while still a draft or awaiting approval, VOIDED once authorised — or
// archives the contact. Never a paid, part-paid, credited or lock-dated document: those go back to
// the list with the reason, whatever was approved. One call to read the document as Xero holds it
// now and one to change it, under an Idempotency-Key made from the change, so a resumed drain sends
// the same request again; a document Xero already shows as voided or deleted counts as done.
import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';
import { isXeroCallError, XeroOrg, XeroStatusChanges, xeroRefusalOf } from '#lb/connectors/xero';
import { CreditNote, Invoice } from 'xero-node';
import { blockerOf, type CanonicalEntity } from '#lb/mapping';
import { TenantTransactions } from '#lb/database';
import { CrossReferences } from '../cross-references/cross-references.service';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges, Settlement } from '../pending/pending-changes.service';
import type { OrgFacts } from './drain-caches';
import type { DrainContext } from './drain-context';
import { settleAll } from './resolve-writes';

type Row = Record<string, unknown>;

/** What a deletion of each entity does in Xero once approved. */
const TARGETS: Partial<Record<CanonicalEntity, 'invoice' | 'creditNote' | 'contact'>> = {
  invoice: 'invoice',
  bill: 'invoice',
  creditNote: 'creditNote',
  customer: 'contact',
  supplier: 'contact',
};

/** Whether a deletion of this entity can be voided (or archived) in Xero under approval. */
export function voidableEntity(entity: CanonicalEntity): boolean {
  return TARGETS[entity] !== undefined;
}

/** The held settlement that asks for approval (the "needs an accountant" list shows the proposal). */
export function voidProposal(entity: CanonicalEntity, key: string, mappingVersion: number): Settlement {
  const what = TARGETS[entity] === 'contact' ? 'archive the contact' : 'void the document';
  return {
    kind: 'held',
    outcome: {
      action: 'void-proposed',
      messages: [`${entity} ${key} was deleted in X3`],
      proposal: `Approve to ${what} in Xero (never a paid or lock-dated one), or dismiss to leave Xero as it is`,
    },
    mappingVersion,
  };
}

/** An approved deletion (DeadLetters.approve puts `_approved` in the change's source). */
export function isApprovedDeletion(source: Row | null | undefined): boolean {
  return source?._deleted === true && source._approved === true;
}

export interface VoidDeps {
  tx: TenantTransactions;
  pending: PendingChanges;
  crossRefs: CrossReferences;
}

type Plan =
  | { kind: 'done'; action: 'skipped' | 'voided' | 'deleted' | 'archived'; message: string }
  | { kind: 'held'; messages: string[]; proposal: string };

/** Voids (or archives) each approved deletion and settles it; returns how many Xero changed. */
export async function voidApprovedDeletions(
  d: VoidDeps,
  org: XeroOrg,
  context: DrainContext,
  claimId: string,
  changes: SyncPendingChange[],
  facts: OrgFacts,
  dayReserve: number,
): Promise<number> {
  const { tenantId, id: integrationId } = context.integration;
  const entity = context.entity;
  const target = TARGETS[entity]!;
  const mappingVersion = context.mapping.version;
  const refs = await d.tx.run(tenantId, (m) =>
    d.crossRefs.byX3Keys(
      m,
      { integrationId, entity },
      changes.map((c) => c.sourceKey),
    ),
  );
  let changed = 0;
  for (const change of changes) {
    const ref = refs.get(change.sourceKey);
    const xeroId = ref && ref.state !== 'archived' ? ref.xeroId : null;
    const key = idempotencyKeyOf(change.id);
    let plan: Plan;
    if (!xeroId) plan = { kind: 'done', action: 'skipped', message: 'never in Xero: nothing to void' };
    else if (target === 'contact') plan = await archiveContact(org, xeroId, key, dayReserve);
    else plan = await voidDocument(org, target, xeroId, facts, key, dayReserve);
    if (plan.kind === 'done' && plan.action !== 'skipped') changed++;
    const settlement: Settlement =
      plan.kind === 'done'
        ? {
            kind: 'done',
            outcome: { action: plan.action, targetId: xeroId ?? undefined, messages: [plan.message] },
            mappingVersion,
          }
        : {
            kind: 'held',
            outcome: { targetId: xeroId ?? undefined, messages: plan.messages, proposal: plan.proposal },
            mappingVersion,
          };
    await d.tx.run(tenantId, (m) => settleAll(m, d.pending, claimId, [{ change, settlement }]));
  }
  return changed;
}

/** Stable per change: a resent void is the same request to Xero. */
function idempotencyKeyOf(changeId: string): string {
  return createHash('sha256').update(`void:${changeId}`).digest('hex').slice(0, 32);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** The SDK's numbers as decimal text first (their shortest form is exact for money); absent is 0. */
const decimal = (v: unknown) =>
  new Decimal(typeof v === 'number' || (typeof v === 'string' && v !== '') ? String(v) : 0);

async function voidDocument(
  org: XeroOrg,
  target: 'invoice' | 'creditNote',
  id: string,
  facts: OrgFacts,
  key: string,
  dayReserve: number,
): Promise<Plan> {
  const label = target === 'invoice' ? 'invoice' : 'credit note';
  const current = await readDocument(org, target, id, dayReserve);
  if (!current) return { kind: 'done', action: 'skipped', message: `the Xero ${label} is gone` };
  const status = str(current.status);
  if (status === 'VOIDED' || status === 'DELETED') {
    const action = status === 'VOIDED' ? 'voided' : 'deleted';
    return { kind: 'done', action, message: `deleted in X3: the Xero ${label} is ${status}` };
  }
  // a credit note part allocated is credited: what Xero's own rule refuses, we do not try
  const allocated = target === 'creditNote' && decimal(current.total).minus(decimal(current.remainingCredit)).gt(0);
  const blocker = allocated
    ? { reason: 'paid' as const, detail: 'Part of the credit is allocated' }
    : blockerOf(current, facts);
  if (blocker) {
    return {
      kind: 'held',
      messages: [`deleted in X3, but the Xero ${label} cannot be voided: ${blocker.detail}`],
      proposal:
        blocker.reason === 'locked'
          ? 'It is in a locked period: reverse it with a credit note dated after the lock date'
          : 'Remove its payments or allocations in Xero first, or raise a credit note for it',
    };
  }
  const next = status === 'DRAFT' || status === 'SUBMITTED' ? 'DELETED' : 'VOIDED';
  const refused = await setStatus(org, target, id, next, key, dayReserve);
  if (refused) {
    return {
      kind: 'held',
      messages: [`deleted in X3; Xero refused to set the ${label} ${next}: ${refused}`],
      proposal: 'Void it in Xero by hand, or dismiss to leave it',
    };
  }
  const action = next === 'VOIDED' ? 'voided' : 'deleted';
  return { kind: 'done', action, message: `deleted in X3: the Xero ${label} is now ${next}` };
}

async function readDocument(
  org: XeroOrg,
  target: 'invoice' | 'creditNote',
  id: string,
  dayReserve: number,
): Promise<Row | undefined> {
  try {
    if (target === 'invoice') {
      const { body } = await org.call({ operation: 'get:invoices', isWrite: false, dayReserve }, (api, t) =>
        api.getInvoice(t, id),
      );
      return (body.invoices ?? [])[0] as unknown as Row | undefined;
    }
    const { body } = await org.call({ operation: 'get:creditNotes', isWrite: false, dayReserve }, (api, t) =>
      api.getCreditNote(t, id),
    );
    return (body.creditNotes ?? [])[0] as unknown as Row | undefined;
  } catch (e) {
    if (isXeroCallError(e) && e.kind === 'not-found') return undefined;
    throw e;
  }
}

/** Undefined when Xero took it; Xero's words when it refuses. */
async function setStatus(
  org: XeroOrg,
  target: 'invoice' | 'creditNote',
  id: string,
  status: 'VOIDED' | 'DELETED',
  key: string,
  dayReserve: number,
): Promise<string | undefined> {
  try {
    const statuses = new XeroStatusChanges();
    const voided = status === 'VOIDED';
    if (target === 'invoice') {
      const to = voided ? Invoice.StatusEnum.VOIDED : Invoice.StatusEnum.DELETED;
      await statuses.invoiceStatus(org, id, to, key, dayReserve);
    } else {
      const to = voided ? CreditNote.StatusEnum.VOIDED : CreditNote.StatusEnum.DELETED;
      await statuses.creditNoteStatus(org, id, to, key, dayReserve);
    }
    return undefined;
  } catch (e) {
    return refusalOf(e);
  }
}

async function archiveContact(org: XeroOrg, id: string, key: string, dayReserve: number): Promise<Plan> {
  try {
    await org.call({ operation: 'status:contacts', isWrite: true, dayReserve }, (api, t) =>
      api.updateContact(t, id, { contacts: [{ contactID: id, contactStatus: 'ARCHIVED' as never }] }, key),
    );
    return { kind: 'done', action: 'archived', message: 'deleted in X3: the Xero contact is archived' };
  } catch (e) {
    const words = refusalOf(e);
    return {
      kind: 'held',
      messages: [`deleted in X3; Xero refused to archive the contact: ${words}`],
      proposal: 'Settle its open documents in Xero first, or dismiss to leave it',
    };
  }
}

/** Xero's words for a refusal it means (a 400, not found); anything else is the drain's failure. */
function refusalOf(e: unknown): string {
  const words = xeroRefusalOf(e);
  if (words === undefined) throw e;
  return words;
}
