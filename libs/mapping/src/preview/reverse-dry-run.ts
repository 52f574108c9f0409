// The xero-to-x3 dry run: Xero contacts mapped through the engine's xero-to-x3 direction (Xero
// adapter's fromXero, the X3 adapter's toX3), each matched to its X3 customer or supplier by code.
// Reads only, like the other direction.
import { spec, XeroOrg } from '#lb/connectors/xero';
import { X3EntityName, X3NotFoundError, X3Record, X3Transport } from '#lb/connectors/sage-x3';
import type { AdapterContext } from '../adapters/adapter-contract';
import { X3_ADAPTERS } from '../adapters/x3';
import { XERO_ADAPTERS } from '../adapters/xero';
import type { CanonicalEntity } from '../canonical';
import { compileMapping } from '../engine/compile/compile-mapping';
import type { MappingDocument } from '../engine/mapping-document';
import { runMapping } from '../engine/run/run-mapping';
import { previewOutcome } from './engine-preparer';
import type { DryRunRecord } from './preview-types';
import { asSourceError, PreviewNotSupportedError } from './source-errors';
import { changesAgainst } from './xero-match';

type Row = Record<string, unknown>;

/**
 * Which Xero contacts are the entity's: Xero marks a contact customer or supplier once it has a
 * sales or purchase document; one with neither mark could be either, so it is in both.
 */
const SIDES: Partial<Record<CanonicalEntity, (contact: Row) => boolean>> = {
  customer: (c) => c.isCustomer === true || c.isSupplier !== true,
  supplier: (c) => c.isSupplier === true || c.isCustomer !== true,
};

export interface ReverseRun {
  org: XeroOrg;
  document: Record<string, unknown>;
  entity: CanonicalEntity;
  ctx: AdapterContext;
  limit: number;
  openX3: () => X3Transport;
}

export async function reverseDryRun(run: ReverseRun): Promise<{ records: DryRunRecord[]; read: number }> {
  const side = SIDES[run.entity];
  if (!side) {
    throw new PreviewNotSupportedError('A xero-to-x3 dry run reads Xero contacts: customers and suppliers for now');
  }
  const compiled = compileMapping(run.document as unknown as MappingDocument);
  const contacts = (await xeroContacts(run.org)).filter(side).slice(0, run.limit);
  const records: DryRunRecord[] = [];
  const mapped: Array<{ index: number; code: string; payload: Row }> = [];
  for (const contact of contacts) {
    const sourceKey = String(contact.contactID);
    const outcome = previewOutcome(
      await runMapping(compiled, contact, {
        adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
        adapterContext: run.ctx,
        recordId: sourceKey,
      }),
    );
    if (outcome.kind === 'mapped') {
      mapped.push({ index: records.length, code: String(outcome.payload.code), payload: outcome.payload });
      records.push({ sourceKey, action: 'create', payload: outcome.payload });
    } else if (outcome.kind === 'invalid') records.push({ sourceKey, action: 'invalid', issues: outcome.issues });
    else if (outcome.kind === 'waiting') records.push({ sourceKey, action: 'waiting', missing: outcome.missing });
    else records.push({ sourceKey, action: 'skip', reason: outcome.reason });
  }
  const existing = await x3Records(run.openX3, X3_ADAPTERS[run.entity].x3Entity as X3EntityName, mapped);
  for (const { index, code, payload } of mapped) {
    const current = existing.get(code);
    if (!current) continue;
    const changes = changesAgainst(current, payload);
    const { sourceKey } = records[index];
    records[index] = changes.length
      ? { sourceKey, action: 'update', targetId: code, payload, changes }
      : { sourceKey, action: 'skip', reason: 'unchanged', targetId: code };
  }
  return { records, read: contacts.length };
}

async function xeroContacts(org: XeroOrg): Promise<Row[]> {
  const s = spec('contacts');
  try {
    const { body } = await org.call({ operation: 'list:contacts', isWrite: false }, (api, t) =>
      s.list(api, t, { page: 1 }),
    );
    return (((body as Row)[s.wrapper] as Row[] | undefined) ?? []).filter((c) => c.contactStatus !== 'ARCHIVED');
  } catch (error) {
    throw asSourceError('xero', error);
  }
}

/** The X3 record each code names, read one by one through the X3 connector (at most 50). */
async function x3Records(
  openX3: () => X3Transport,
  entity: X3EntityName,
  wanted: Array<{ code: string }>,
): Promise<Map<string, X3Record>> {
  const found = new Map<string, X3Record>();
  if (!wanted.length) return found;
  let transport: X3Transport | undefined;
  try {
    transport = openX3();
    for (const code of new Set(wanted.map((w) => w.code))) {
      try {
        found.set(code, await transport.get(entity, code));
      } catch (error) {
        if (!(error instanceof X3NotFoundError)) throw error;
      }
    }
    return found;
  } catch (error) {
    throw asSourceError('x3', error);
  } finally {
    transport?.close();
  }
}
