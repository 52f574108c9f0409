// The xero-to-x3 dry run: Xero records (contacts, ACCPAY bills, ACCPAYCREDIT credit notes, payments) mapped through the
// engine's xero-to-x3 direction (Xero adapter's fromXero, the X3 adapter's toX3), each matched to
// the X3 record it would update (reverse-x3-match.ts). Reads only, like the other direction.
import { XeroOrg } from '#lb/connectors/xero';
import { X3Record, X3Transport } from '#lb/connectors/sage-x3';
import type { AdapterContext } from '../adapters/adapter-contract';
import { X3_ADAPTERS } from '../adapters/x3';
import { XERO_ADAPTERS } from '../adapters/xero';
import type { CanonicalEntity } from '../canonical';
import { compileMapping } from '../engine/compile/compile-mapping';
import type { MappingDocument } from '../engine/mapping-document';
import { runMapping } from '../engine/run/run-mapping';
import { previewOutcome } from './engine-preparer';
import type { DryRunRecord } from './preview-types';
import { REVERSE_SOURCES, ReverseSource } from './reverse-xero-sources';
import type { MappedFromXero, X3Match, X3Matcher } from './reverse-x3-match';
import { asSourceError, PreviewNotSupportedError } from './source-errors';
import { changesAgainst } from './xero-match';

export interface ReverseRun {
  org: XeroOrg;
  document: Record<string, unknown>;
  entity: CanonicalEntity;
  ctx: AdapterContext;
  limit: number;
  openX3: () => X3Transport;
  /**
   * The X3 keys our cross-references hold for Xero document ids, looked up in bulk once per run
   * (a payment's bills are keyed by them; absent: none known, so bill payments wait).
   */
  x3KeysOf?: (xeroIds: string[]) => Promise<Map<string, string>>;
}

export interface ReverseRunResult {
  records: DryRunRecord[];
  read: number;
  /** index in `records` → the X3 record it was matched to. */
  existing: Map<number, X3Record>;
}

/** The run's adapter context, with the cross-references of the documents the rows refer to. */
async function contextFor(run: ReverseRun, source: ReverseSource, rows: Array<Record<string, unknown>>) {
  const ids = [...new Set(rows.flatMap((row) => source.documentIds?.(row) ?? []))];
  if (!ids.length || !run.x3KeysOf) return run.ctx;
  const keys = await run.x3KeysOf(ids);
  return {
    ...run.ctx,
    x3KeyOfXeroDocument: (id: string) => keys.get(id),
    x3KeyOfXeroContact: (id: string, as: 'customer' | 'supplier') => keys.get(`${as}:${id}`),
  };
}

export async function reverseDryRun(run: ReverseRun): Promise<ReverseRunResult> {
  const source = REVERSE_SOURCES[run.entity];
  if (!source) {
    throw new PreviewNotSupportedError(
      'A xero-to-x3 dry run reads Xero contacts, ACCPAY bills, ACCPAYCREDIT credit notes and payments: customers, suppliers, bills, credit notes and payments',
    );
  }
  const compiled = compileMapping(run.document as unknown as MappingDocument);
  const rows = (await source.read(run.org)).slice(0, run.limit);
  const adapterContext = await contextFor(run, source, rows);
  const records: DryRunRecord[] = [];
  const mapped: Array<MappedFromXero & { index: number }> = [];
  for (const row of rows) {
    const sourceKey = source.keyOf(row);
    const outcome = previewOutcome(
      await runMapping(compiled, row, {
        adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
        adapterContext,
        recordId: sourceKey,
      }),
    );
    if (outcome.kind === 'mapped') {
      mapped.push({ index: records.length, source: row, payload: outcome.payload });
      records.push({ sourceKey, action: 'create', payload: outcome.payload });
    } else if (outcome.kind === 'invalid') records.push({ sourceKey, action: 'invalid', issues: outcome.issues });
    else if (outcome.kind === 'waiting') records.push({ sourceKey, action: 'waiting', missing: outcome.missing });
    else records.push({ sourceKey, action: 'skip', reason: outcome.reason });
  }
  const matches = await x3Matches(run.openX3, source.match, mapped);
  const existing = new Map<number, X3Record>();
  mapped.forEach(({ index, payload }, i) => {
    const match = matches.get(i);
    if (!match) return;
    existing.set(index, match.current);
    const changes = changesAgainst(match.current, payload);
    const { sourceKey } = records[index];
    const targetId = match.targetId;
    records[index] = changes.length
      ? { sourceKey, action: 'update', targetId, payload, changes }
      : { sourceKey, action: 'skip', reason: 'unchanged', targetId };
  });
  return { records, read: rows.length, existing };
}

/** The X3 records the mapped ones would update, read through one X3 connection. */
async function x3Matches(openX3: () => X3Transport, match: X3Matcher, mapped: MappedFromXero[]) {
  if (!mapped.length) return new Map<number, X3Match>();
  let transport: X3Transport | undefined;
  try {
    transport = openX3();
    return await match(transport, mapped);
  } catch (error) {
    throw asSourceError('x3', error);
  } finally {
    transport?.close();
  }
}
