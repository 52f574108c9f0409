// The starter set of flows every integration can begin with: one flow per entity the starter
// mapping templates cover, in the flow keys the whole engine uses (docs/connectors/sync-engine.md).
import {
  CanonicalEntity,
  MAPPING_DOCUMENT_SCHEMA,
  MappingDirection,
  MappingDocument,
  REGION_FACTS,
  StarterEntity,
  StarterRegion,
  STARTER_REGIONS,
  starterTemplate,
} from '#lb/mapping';
import type { FlowDirection, FlowDocument, FlowOptions, FlowStep, FlowTrigger } from '../flows/flow-document';

export interface StarterFlow {
  flowKey: string;
  entity: CanonicalEntity;
  direction: FlowDirection;
  /**
   * Installed switched off even where the others are switched on (the sandbox trial): documents
   * entered in Xero written into X3, which an admin turns on once the reverse lookups are checked,
   * and X3 sales orders as Xero drafts, which not every organisation wants among its invoices.
   */
  optIn?: true;
  /** Orders flows: when the Xero draft is raised (written out, so the choice shows in the document). */
  draftOn?: FlowOptions['draftOn'];
  /** xero-to-x3 flows: what feeds them (webhook events, or If-Modified-Since polling where Xero pushes nothing). */
  xeroTrigger?: FlowTrigger;
  /** Create only: X3 never lets a validated document be rewritten (a linked bill's edit is held). */
  createOnly?: true;
}

/**
 * Customers and suppliers both ways; everything else from X3 to Xero; and, to be switched on by an
 * admin, X3 sales orders as DRAFT ACCREC invoices (on the order's entry; the posted X3 invoice takes
 * the draft over) and Xero bills, supplier credit notes and payments into X3 (reverse starter mappings).
 */
export const STARTER_FLOWS: readonly StarterFlow[] = [
  { flowKey: 'customers', entity: 'customer', direction: 'both-ways' },
  { flowKey: 'suppliers', entity: 'supplier', direction: 'both-ways' },
  { flowKey: 'products', entity: 'product', direction: 'x3-to-xero' },
  { flowKey: 'stock-levels', entity: 'stockLevel', direction: 'x3-to-xero' },
  { flowKey: 'orders', entity: 'salesOrder', direction: 'x3-to-xero', optIn: true, draftOn: 'entry' },
  { flowKey: 'invoices', entity: 'invoice', direction: 'x3-to-xero' },
  { flowKey: 'credit-notes', entity: 'creditNote', direction: 'x3-to-xero' },
  { flowKey: 'bills', entity: 'bill', direction: 'x3-to-xero' },
  { flowKey: 'payments', entity: 'payment', direction: 'x3-to-xero' },
  { flowKey: 'journals', entity: 'journal', direction: 'x3-to-xero' },
  // Xero pushes Invoices (ACCPAY bills among them) and CreditNotes events; Payments only by polling
  {
    flowKey: 'xero-bills',
    entity: 'bill',
    direction: 'xero-to-x3',
    optIn: true,
    xeroTrigger: { kind: 'webhook' },
    createOnly: true,
  },
  {
    flowKey: 'xero-credit-notes',
    entity: 'creditNote',
    direction: 'xero-to-x3',
    optIn: true,
    xeroTrigger: { kind: 'webhook' },
    createOnly: true,
  },
  {
    flowKey: 'xero-payments',
    entity: 'payment',
    direction: 'xero-to-x3',
    optIn: true,
    xeroTrigger: { kind: 'schedule', everySeconds: 300 },
  },
];

/** X3 polling interval of a starter flow: a minute normally, 5 s in the sandbox trial (records move at once). */
export const STARTER_POLL_SECONDS = 60;
export const TRIAL_POLL_SECONDS = 5;

/**
 * Stock levels cannot be written to Xero (Item.QuantityOnHand is read-only; only documents move
 * it, see the Xero stock-level adapter), so their starter flow lists changes ('flag') and is never
 * switched on by the trial.
 */
export const FLAG_ONLY_FLOWS: ReadonlySet<string> = new Set(['stock-levels']);

export function mappingDirectionsOf(direction: FlowDirection): MappingDirection[] {
  return direction === 'both-ways' ? ['x3-to-xero', 'xero-to-x3'] : [direction];
}

/**
 * The starter document of a flow. A flow that reads X3 is triggered by X3 polling; a both-ways
 * flow's Xero side is fed by the webhook inbox (and If-Modified-Since polling) whatever its trigger
 * says, as webhooks are the only push Xero gives. A xero-to-x3 flow has its own Xero trigger.
 */
export function starterFlowDocument(flow: StarterFlow, opts: { pollSeconds: number; enabled: boolean }): FlowDocument {
  const transforms: FlowStep[] = mappingDirectionsOf(flow.direction).map((direction) => ({
    kind: 'transform',
    mapping: { direction, version: 'active' },
  }));
  const flagOnly = FLAG_ONLY_FLOWS.has(flow.flowKey);
  const action = flagOnly ? 'flag' : flow.createOnly ? 'create-only' : 'upsert';
  return {
    entity: flow.entity,
    direction: flow.direction,
    trigger: flow.xeroTrigger ?? { kind: 'x3-poll', everySeconds: opts.pollSeconds },
    steps: [...transforms, { kind: 'action', action }],
    options: {
      deletions: 'flag',
      ...(flow.direction === 'both-ways' ? { defaultConflictRule: 'newest-wins' as const } : {}),
      ...(flow.draftOn ? { draftOn: flow.draftOn } : {}),
    },
    enabled: opts.enabled && !flagOnly && !flow.optIn,
  };
}

/** A flow writes to the other side unless its action only lists changes. */
export function flowWrites(document: FlowDocument): boolean {
  const last = document.steps[document.steps.length - 1];
  return !(last?.kind === 'action' && last.action === 'flag');
}

/**
 * The starter mapping of an entity and direction. Stock levels have no starter template (nothing
 * is written): an empty document, so the flow's transform step names a mapping that exists.
 */
export function starterMapping(
  region: StarterRegion,
  entity: CanonicalEntity,
  direction: MappingDirection,
): MappingDocument {
  if (entity === 'stockLevel') {
    return {
      schema: MAPPING_DOCUMENT_SCHEMA,
      entity,
      direction,
      fields: [],
      lookups: [],
      description: `Starter (${region}): stock levels are listed for review, never written to Xero`,
    };
  }
  return starterTemplate(region, entity as StarterEntity, direction);
}

/**
 * The starter region of an integration: the X3 company the templates were built for, else the one
 * whose ledger currency is the Xero organisation's base currency (asked only when needed).
 */
export async function starterRegionOf(
  x3Company: string,
  baseCurrency: () => Promise<string>,
): Promise<StarterRegion | null> {
  const byCompany = STARTER_REGIONS.find((r) => REGION_FACTS[r].x3Company === x3Company);
  if (byCompany) return byCompany;
  const currency = await baseCurrency();
  return STARTER_REGIONS.find((r) => REGION_FACTS[r].baseCurrency === currency) ?? null;
}
