// What the drain needs to know per canonical entity, beyond the mapping: which Xero resource it
// is written to and how, which records must be in Xero first (its prerequisites), and how the
// cross-references' Xero ids are filled into the payload.
import type { CanonicalEntity, CanonicalRecord } from '#lb/mapping';
import { paymentPrerequisites, withDocumentIds } from './payment-sets';

type Row = Record<string, unknown>;

/** A record that must have a Xero id before this one can be written. */
export interface Prerequisite {
  entity: CanonicalEntity;
  /** Its X3 key (the canonical key, which is also its X3 `_id`). */
  key: string;
}

/** `customer:C0042`: the waiting key of a prerequisite (see the contract's waitingOn keys). */
export const waitingKeyOf = (p: Prerequisite) => `${p.entity}:${p.key}`;

/** The flow that carries records of an entity x3-to-xero: where a prerequisite pull goes. */
export const FLOW_OF_ENTITY: Partial<Record<CanonicalEntity, string>> = {
  customer: 'customers',
  supplier: 'suppliers',
  product: 'products',
  invoice: 'invoices',
  creditNote: 'credit-notes',
  bill: 'bills',
  payment: 'payments',
  journal: 'journals',
};

export interface EntityPlan {
  /** The Xero connector entity (libs/connectors/xero entity-catalog). */
  xeroEntity: string;
  /** upsert (POST: creates, or updates when the id is given) where Xero has it. */
  operation: 'create' | 'upsert';
  /** Documents Xero forbids changing once paid, voided or dated in a locked period. */
  guardsUpdates: boolean;
  /** Updated only while still a draft in Xero (an order's draft someone approved there is held). */
  draftsOnly?: boolean;
  prerequisites(record: CanonicalRecord): Prerequisite[];
  /** Fills the ids of prerequisites into the payload (they all exist when this is called). */
  resolve(payload: Row, record: CanonicalRecord, xeroIdOf: (p: Prerequisite) => string): void;
}

const distinct = (ps: Prerequisite[]) => [...new Map(ps.map((p) => [waitingKeyOf(p), p])).values()];

/** A document's contact and the products its lines name. */
function documentPrerequisites(party: 'customer' | 'supplier') {
  return (record: CanonicalRecord): Prerequisite[] => {
    const doc = record as { partyKey?: string; lines?: Array<{ productKey?: string }>; side?: string };
    const partyEntity = doc.side === 'purchase' ? 'supplier' : doc.side === 'sales' ? 'customer' : party;
    const needs: Prerequisite[] = doc.partyKey ? [{ entity: partyEntity, key: doc.partyKey }] : [];
    for (const line of doc.lines ?? []) if (line.productKey) needs.push({ entity: 'product', key: line.productKey });
    return distinct(needs);
  };
}

function withContactId(payload: Row, record: CanonicalRecord, xeroIdOf: (p: Prerequisite) => string): void {
  const doc = record as { partyKey?: string; side?: string };
  if (!doc.partyKey) return;
  const entity = record.entity === 'bill' || doc.side === 'purchase' ? 'supplier' : 'customer';
  payload.contact = {
    ...(payload.contact ?? {}),
    contactID: xeroIdOf({ entity, key: doc.partyKey }),
  };
}

const noPrerequisites = () => [];
const nothingToResolve = () => undefined;

const PLANS: Partial<Record<CanonicalEntity, EntityPlan>> = {
  customer: {
    xeroEntity: 'contacts',
    operation: 'upsert',
    guardsUpdates: false,
    prerequisites: noPrerequisites,
    resolve: nothingToResolve,
  },
  supplier: {
    xeroEntity: 'contacts',
    operation: 'upsert',
    guardsUpdates: false,
    prerequisites: noPrerequisites,
    resolve: nothingToResolve,
  },
  product: {
    xeroEntity: 'items',
    operation: 'upsert',
    guardsUpdates: false,
    prerequisites: noPrerequisites,
    resolve: nothingToResolve,
  },
  // Orders flow (order-drafts.ts): an order, or a delivery of it, as a DRAFT ACCREC invoice; an
  // update goes only while Xero still holds it as a draft (update-guard.ts).
  salesOrder: {
    xeroEntity: 'invoices',
    operation: 'upsert',
    guardsUpdates: true,
    draftsOnly: true,
    prerequisites: documentPrerequisites('customer'),
    resolve: withContactId,
  },
  invoice: {
    xeroEntity: 'invoices',
    operation: 'upsert',
    guardsUpdates: true,
    prerequisites: documentPrerequisites('customer'),
    resolve: withContactId,
  },
  bill: {
    xeroEntity: 'invoices',
    operation: 'upsert',
    guardsUpdates: true,
    prerequisites: documentPrerequisites('supplier'),
    resolve: withContactId,
  },
  creditNote: {
    xeroEntity: 'creditNotes',
    operation: 'upsert',
    guardsUpdates: true,
    prerequisites: documentPrerequisites('customer'),
    resolve: withContactId,
  },
  // Manual journals: accounts and tax come through the mapping's lookups, no contact or item.
  // upsert: POST creates (no id) or updates the journal a cross-reference names, never a second
  // copy. Guarded: Xero refuses a change to a voided or lock-dated journal; the mapping's
  // lock-date rule holds one dated in a locked period before any call, Xero's refusal is 'held'.
  journal: {
    xeroEntity: 'manualJournals',
    operation: 'upsert',
    guardsUpdates: true,
    prerequisites: noPrerequisites,
    resolve: nothingToResolve,
  },
  // Payments: one Xero Payment per settled document (payment-sets.ts fans the set out in the
  // batch); each document must be in Xero first. Created only: Xero never updates a payment.
  payment: {
    xeroEntity: 'payments',
    operation: 'create',
    guardsUpdates: false,
    prerequisites: paymentPrerequisites,
    resolve: withDocumentIds,
  },
};

/** The plan for an entity the drain writes to Xero, or undefined (not carried by the drain yet). */
export function entityPlanOf(entity: CanonicalEntity): EntityPlan | undefined {
  return PLANS[entity];
}
