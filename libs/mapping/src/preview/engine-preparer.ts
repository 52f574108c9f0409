// The dry run's bridge to the mapping engine: a stored document compiled once, run per source
// record with the X3 and Xero adapters, its outcome put in the preview's terms.
import { spec } from '#lb/connectors/xero';
import type { X3EntityName } from '#lb/connectors/sage-x3';
import { purchaseInvoiceEntityOf, salesInvoiceEntityOf, X3_ADAPTERS } from '../adapters/x3';
import type { CanonicalEntity } from '../canonical';
import { XERO_ADAPTERS } from '../adapters/xero';
import { compileMapping } from '../engine/compile/compile-mapping';
import type { MappingDocument } from '../engine/mapping-document';
import type { MappingOutcome } from '../engine/run/outcome';
import { runMapping } from '../engine/run/run-mapping';
import type { MapOutcome } from './preview-types';
import type { MappingPreparer } from './dry-run.service';
import { PreviewNotSupportedError } from './source-errors';

/** 'ManualJournals' → 'manualJournals': the connector's name for a Xero resource. */
function connectorEntityOf(resource: string): string {
  const name = resource.charAt(0).toLowerCase() + resource.slice(1);
  try {
    spec(name);
    return name;
  } catch {
    throw new PreviewNotSupportedError(`No Xero records to compare with for ${resource}`);
  }
}

export function previewOutcome(outcome: MappingOutcome): MapOutcome {
  switch (outcome.kind) {
    case 'mapped':
      return {
        kind: 'mapped',
        payload: outcome.payload,
        canonical: outcome.canonical as unknown as Record<string, unknown>,
      };
    case 'invalid':
      return { kind: 'invalid', issues: outcome.errors.map(({ field, rule, message }) => ({ field, rule, message })) };
    case 'waiting':
      return { kind: 'waiting', missing: outcome.missing.map(({ table, key }) => ({ table, key })) };
    case 'skipped':
      return { kind: 'skipped', reason: outcome.reason };
  }
}

/**
 * X3 keeps invoices and credit memos in one node (and bills with supplier credit memos): a
 * record belongs to the mapping's entity only when the adapters' own classifier says so.
 */
function belongsTo(
  entity: CanonicalEntity,
  x3Entity: string,
): ((source: Record<string, unknown>) => boolean) | undefined {
  if (x3Entity === 'salesInvoice') return (source) => salesInvoiceEntityOf(source) === entity;
  if (x3Entity === 'purchaseInvoice') return (source) => purchaseInvoiceEntityOf(source) === entity;
  return undefined;
}

export const prepareWithEngine: MappingPreparer = (document, entity, ctx, lockDates) => {
  const compiled = compileMapping(document as unknown as MappingDocument);
  const adapters = { x3: X3_ADAPTERS, xero: XERO_ADAPTERS };
  const x3Entity = X3_ADAPTERS[entity].x3Entity;
  return {
    x3Entity: x3Entity as X3EntityName,
    belongs: belongsTo(entity, x3Entity),
    xeroEntity: connectorEntityOf(XERO_ADAPTERS[entity].xeroResource),
    mapper: {
      map: async (source) =>
        previewOutcome(
          await runMapping(compiled, source, {
            adapters,
            adapterContext: ctx,
            lockDates,
            recordId: typeof source._id === 'string' ? source._id : undefined,
          }),
        ),
    },
  };
};
