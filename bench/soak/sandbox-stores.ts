// Reads the sandboxes' own stores, not our tables: X3's sales invoices and customers from the
// sandbox database, Xero's invoices and contacts from the same (the sandbox's entity store), and
// the Xero sandbox's call log through its control API.
import { Client } from 'pg';
import type { SourceRecord, TargetRecord } from './agreement';
import type { LoggedCall } from './xero-limits';

export class SandboxStores {
  private constructor(private readonly db: Client) {}

  static async open(sandboxDatabaseUrl: string): Promise<SandboxStores> {
    const db = new Client({ connectionString: sandboxDatabaseUrl });
    await db.connect();
    return new SandboxStores(db);
  }

  /** The folder's sales invoices of the given numbers: NUM and total including tax as X3 holds them. */
  async x3Invoices(folder: string, ids: string[]): Promise<SourceRecord[]> {
    const { rows } = await this.db.query<{ id: string; total: string }>(
      `SELECT _id AS id, total_amount_including_tax::text AS total FROM x3_sales_invoice
       WHERE folder = $1 AND _id = ANY($2::text[])`,
      [folder, ids],
    );
    return rows.map((r) => ({ key: r.id, amount: r.total }));
  }

  /** The folder's customers of the given codes. */
  async x3Customers(folder: string, codes: string[]): Promise<SourceRecord[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT _id AS id FROM x3_customer WHERE folder = $1 AND _id = ANY($2::text[])`,
      [folder, codes],
    );
    return rows.map((r) => ({ key: r.id }));
  }

  /** The organisation's sales invoices (ACCREC), deleted and voided ones left out, by InvoiceNumber. */
  async xeroInvoices(orgId: string): Promise<TargetRecord[]> {
    const { rows } = await this.db.query<{ key: string | null; total: string | null }>(
      `SELECT doc->>'InvoiceNumber' AS key, doc->>'Total' AS total FROM xero_entities
       WHERE org_id = $1 AND kind = 'Invoice' AND doc->>'Type' = 'ACCREC'
         AND coalesce(doc->>'Status', '') NOT IN ('DELETED', 'VOIDED')`,
      [orgId],
    );
    return rows.map((r) => ({ key: r.key ?? '', amount: r.total ?? undefined }));
  }

  /** The organisation's contacts, archived ones left out, by ContactNumber. */
  async xeroContacts(orgId: string): Promise<TargetRecord[]> {
    const { rows } = await this.db.query<{ key: string | null }>(
      `SELECT doc->>'ContactNumber' AS key FROM xero_entities
       WHERE org_id = $1 AND kind = 'Contact' AND coalesce(doc->>'ContactStatus', '') <> 'ARCHIVED'`,
      [orgId],
    );
    return rows.map((r) => ({ key: r.key ?? '' }));
  }

  close(): Promise<void> {
    return this.db.end();
  }
}

/** The organisation's whole call log from the Xero sandbox, page by page. */
export async function readCallLog(
  sandboxUrl: string,
  org: { tenantId: string; controlToken: string },
): Promise<{ calls: LoggedCall[]; dropped: number }> {
  const calls: LoggedCall[] = [];
  let after = 0;
  let dropped = 0;
  for (;;) {
    const res = await fetch(
      `${sandboxUrl}/xero-control/organisations/${org.tenantId}/calls?after=${after}&limit=50000`,
      {
        headers: { authorization: `Bearer ${org.controlToken}` },
        signal: AbortSignal.timeout(120_000), // backstop only
      },
    );
    if (res.status !== 200) throw new Error(`soak: the call log answered ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { calls: Array<LoggedCall & { seq: number }>; dropped: number };
    dropped = page.dropped;
    calls.push(...page.calls);
    if (page.calls.length < 50_000) return { calls, dropped };
    after = page.calls[page.calls.length - 1].seq;
  }
}
