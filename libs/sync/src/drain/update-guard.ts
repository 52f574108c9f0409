// Before an update of a document: Xero never changes a paid, part-paid or credited, voided or
// lock-dated one, and we never force or re-date it. The current documents are read in one call
// per key field; a blocked change goes to "needs an accountant" with the proposed adjustment.
import { naturalKeyOf, spec, XeroOrg } from '#lb/connectors/xero';
import { blockerOf } from '#lb/mapping';
import type { OrgFacts } from './drain-caches';
import type { EntityPlan } from './entity-plans';
import type { PlannedWrite } from './resolve-writes';

type Row = Record<string, unknown>;

const PROPOSALS = {
  paid: 'Payments or credits are allocated to it in Xero: remove them there first, or raise a credit note for the difference',
  voided: 'It is voided in Xero: re-create it by hand if it is still due',
  locked: 'It is in a locked period: post an adjustment dated after the lock date, or ask the adviser to move it',
  approved:
    'Its Xero draft was approved there: the order change is not carried; edit that invoice in Xero, or void it there and replay this change',
} as const;

/** Xero statuses an order's draft may still be changed in. */
const DRAFT_STATUSES = new Set(['DRAFT', 'SUBMITTED']);

export interface Blocked {
  messages: string[];
  proposal: string;
}

/** change id → why it must not be written (only updates of guarded entities are looked at). */
export async function blockedUpdates(
  org: XeroOrg,
  plan: EntityPlan,
  writes: PlannedWrite[],
  facts: OrgFacts,
  dayReserve: number,
): Promise<Map<string, Blocked>> {
  const blocked = new Map<string, Blocked>();
  // an order's draft taken over by its posted invoice was read just before (draft-matches.ts)
  const updates = writes.filter((w) => w.decided.decision === 'update' && w.decided.reference?.xeroId && !w.merges);
  if (!plan.guardsUpdates || !updates.length) return blocked;
  const s = spec(plan.xeroEntity);
  if (!s.findByKeys) return blocked;
  const byField = new Map<string, string[]>();
  for (const w of updates) {
    const k = naturalKeyOf(s, w.payload);
    if (k) byField.set(k.field, [...(byField.get(k.field) ?? []), k.value]);
  }
  const current = new Map<string, Row>();
  for (const [field, values] of byField) {
    const { body } = await org.call({ operation: `lookup:${plan.xeroEntity}`, isWrite: false, dayReserve }, (api, t) =>
      s.findByKeys!(api, t, field, values),
    );
    for (const row of ((body as Row)[s.wrapper] as Row[] | undefined) ?? []) {
      if (typeof row[s.idField] === 'string') current.set(row[s.idField] as string, row);
    }
  }
  for (const w of updates) {
    const now = current.get(w.decided.reference!.xeroId!);
    const blocker = now ? blockerOf(now, facts) : undefined;
    if (blocker) blocked.set(w.change.id, { messages: [blocker.detail], proposal: PROPOSALS[blocker.reason] });
    else if (plan.draftsOnly && now && !DRAFT_STATUSES.has(String(now.status))) {
      const number = typeof now.invoiceNumber === 'string' ? ` ${now.invoiceNumber}` : '';
      const messages = [`the Xero draft is now${number} ${String(now.status)}`];
      blocked.set(w.change.id, { messages, proposal: PROPOSALS.approved });
    }
  }
  return blocked;
}
