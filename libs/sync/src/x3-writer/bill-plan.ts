// What becomes of one Xero bill (ACCPAY) read for the xero-to-x3 bills flow, decided from what our
// tables hold before anything is written to X3 (supplier-document-plan.ts, the steps it shares with
// the supplier credit notes flow): a bill already linked to an X3 supplier invoice (ours from X3,
// or carried before) is checked against X3, never written again; a bill not yet approved, voided
// before it reached X3, or dated before the cut-over stays out; a bill whose contact is not an X3
// supplier yet waits for it; the rest is carried.
import { EntityManager } from 'typeorm';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import {
  contactOf,
  KnownSupplierDocuments,
  planSupplierDocument,
  SupplierDocumentPlanKind,
  SupplierDocumentVerdict,
  text,
} from './supplier-document-plan';

export { contactIdsOf, expectedSupplierCode } from './supplier-document-plan';

type Row = Record<string, unknown>;

/** linked: Xero InvoiceID → the X3 supplier invoice linked to it (cross-reference, entity 'bill'). */
export type KnownBills = KnownSupplierDocuments;

/** What our tables hold about these Xero bills and their contacts (one tenant transaction). */
export async function knownBills(
  m: EntityManager,
  integrationId: string,
  billIds: string[],
  contactIds: string[],
): Promise<KnownBills> {
  const refs: Array<{ entity: string; x3_key: string; xero_id: string }> = await m.query(
    `SELECT entity, x3_key, xero_id FROM sync_cross_references
      WHERE integration_id = $1 AND state <> 'archived' AND xero_id IS NOT NULL
        AND ((entity = 'bill' AND lower(xero_id) = ANY($2::text[]))
          OR (entity = 'supplier' AND lower(xero_id) = ANY($3::text[])))`,
    [integrationId, billIds, contactIds],
  );
  const known: KnownBills = { linked: new Map(), suppliers: new Map() };
  for (const r of refs) (r.entity === 'bill' ? known.linked : known.suppliers).set(r.xero_id.toLowerCase(), r.x3_key);
  return known;
}

export function describe(row: Row): string {
  const number = text(row.invoiceNumber);
  const name = text(contactOf(row).name);
  return `Xero bill${number ? ` ${number}` : ''}${name ? ` from ${name}` : ''} (${String(row.total)} ${text(row.currencyCode)})`.replace(
    ' )',
    ')',
  );
}

/** A bill, as its plan and its write name it. */
export const BILL: SupplierDocumentPlanKind = {
  type: 'ACCPAY',
  notOfType: 'Not a bill (ACCPAY) in Xero',
  x3Noun: 'supplier invoice',
  xeroNoun: 'bill',
  reversal: 'a supplier credit note',
  numberField: 'invoiceNumber',
  numberNoun: 'invoice number',
  noNumberProposal: "Enter the supplier's invoice number on the bill in Xero; it is then carried to X3",
  describe,
};

/** One Xero bill's verdict (`row` undefined: Xero did not return it). */
export function planBill(
  change: SyncPendingChange,
  row: Row | undefined,
  known: KnownBills,
  options: { cutOverDate?: string } = {},
): SupplierDocumentVerdict {
  return planSupplierDocument(BILL, change, row, known, options);
}
