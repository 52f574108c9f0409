import type { DataSource } from 'typeorm';

/**
 * An invoice's ledger copy on one side, written as the owner (suites that seed differences for a
 * run to find): customer C001, dated 2026-11-20, NZD, the amount due equal to the total.
 */
export function seedInvoiceCopy(
  owner: DataSource,
  ids: { tenantId: string; integrationId: string },
  side: 'x3' | 'xero',
  number: string,
  over: { total?: string; status?: string } = {},
): Promise<unknown> {
  return owner.query(
    `INSERT INTO recon_documents (tenant_id, integration_id, side, entity, record_key, match_key, counterparty,
       document_date, currency, total, amount_due, status, seen_at)
     VALUES ($1, $2, $3, 'invoice', $4, $5, 'C001', '2026-11-20', 'NZD', $6, $6, $7, now())`,
    [
      ids.tenantId,
      ids.integrationId,
      side,
      side === 'x3' ? number : `xero-${number}`,
      number,
      over.total ?? '100.00',
      over.status ?? 'authorised',
    ],
  );
}
