// One side's copies streamed in match-key order, a keyset page at a time (each page its own short
// read-only tenant transaction), grouped by match key: memory holds one page per side, whatever
// the ledger's size.
import { TenantTransactions } from '#lb/database';
import type { LedgerSide } from '#lb/sync';
import type { SideValues } from './classify';

export const PAGE_SIZE = 2_000;

export interface CopyRow extends SideValues {
  matchKey: string;
}

export interface KeyGroup {
  matchKey: string;
  copies: CopyRow[];
}

export interface StreamScope {
  tenantId: string;
  integrationId: string;
  entity: string;
  asOf: string;
}

/**
 * What Xero says a document owed as of the date: the seam for Xero's Aged Receivables/Payables
 * (libs/reconciliation/src/ledger), which catches edits that did not move UpdatedDateUTC. Given a
 * page of Xero copies, it returns the amount due per record key; those it omits keep the copy's.
 */
export interface AmountsDueSource {
  amountsDue(scope: StreamScope, copies: CopyRow[]): Promise<Map<string, string>>;
  /** Xero's lock date (YYYY-MM-DD), when the source reads the organisation: a fix then never edits before it. */
  lockDate?(scope: Pick<StreamScope, 'tenantId' | 'integrationId'>): Promise<string | undefined>;
}

/** The default: the Xero copy the sync last read or wrote. */
export const LOCAL_AMOUNTS_DUE: AmountsDueSource = { amountsDue: () => Promise.resolve(new Map()) };

async function page(tx: TenantTransactions, s: StreamScope, side: LedgerSide, after: [string, string] | null) {
  return tx.runReadOnly(s.tenantId, (m) =>
    m.query<CopyRow[]>(
      `SELECT match_key AS "matchKey", record_key AS "recordKey", counterparty,
              to_char(document_date, 'YYYY-MM-DD') AS "documentDate", currency, total, amount_due AS "amountDue", status
       FROM recon_documents
       WHERE tenant_id = $1 AND integration_id = $2 AND entity = $3 AND side = $4
         AND (document_date IS NULL OR document_date <= $5::date)
         AND ($6::text IS NULL OR (match_key, record_key) > ($6 COLLATE "C", $7))
       ORDER BY match_key, record_key
       LIMIT ${PAGE_SIZE}`,
      [s.tenantId, s.integrationId, s.entity, side, s.asOf, after?.[0] ?? null, after?.[1] ?? null],
    ),
  );
}

/** The side's copies grouped by match key, in the index's order ("C" collation = code-point order). */
export async function* keyGroups(
  tx: TenantTransactions,
  s: StreamScope,
  side: LedgerSide,
  due: AmountsDueSource = LOCAL_AMOUNTS_DUE,
): AsyncGenerator<KeyGroup> {
  let after: [string, string] | null = null;
  let open: KeyGroup | null = null;
  for (;;) {
    const rows = await page(tx, s, side, after);
    if (side === 'xero' && rows.length) {
      const owed = await due.amountsDue(s, rows);
      for (const r of rows) r.amountDue = owed.get(r.recordKey) ?? r.amountDue;
    }
    for (const r of rows) {
      if (open && open.matchKey === r.matchKey) open.copies.push(r);
      else {
        if (open) yield open;
        open = { matchKey: r.matchKey, copies: [r] };
      }
    }
    if (rows.length < PAGE_SIZE) break;
    const last = rows[rows.length - 1];
    after = [last.matchKey, last.recordKey];
  }
  if (open) yield open;
}

/** Code-point order, as PostgreSQL's "C" collation sorts the keys. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Both sides' groups joined on match key: each key once, with its copies on each side. */
export async function* mergeJoin(
  x3: AsyncGenerator<KeyGroup>,
  xero: AsyncGenerator<KeyGroup>,
): AsyncGenerator<{ matchKey: string; x3: CopyRow[]; xero: CopyRow[] }> {
  let a = await x3.next();
  let b = await xero.next();
  while (!a.done || !b.done) {
    const order = a.done ? 1 : b.done ? -1 : compareKeys(a.value.matchKey, b.value.matchKey);
    if (order < 0 && !a.done) {
      yield { matchKey: a.value.matchKey, x3: a.value.copies, xero: [] };
      a = await x3.next();
    } else if (order > 0 && !b.done) {
      yield { matchKey: b.value.matchKey, x3: [], xero: b.value.copies };
      b = await xero.next();
    } else if (!a.done && !b.done) {
      yield { matchKey: a.value.matchKey, x3: a.value.copies, xero: b.value.copies };
      a = await x3.next();
      b = await xero.next();
    }
  }
}
