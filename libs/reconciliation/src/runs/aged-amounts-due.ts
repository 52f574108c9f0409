// Xero's amounts due as of the run's date from its Aged Receivables/Payables reports (one call per
// contact with a document open in the copies), not from the copies the sync last read or wrote: an
// edit in Xero that did not move UpdatedDateUTC (so no incremental read saw it) still shows in the report.
import { EntityManager } from 'typeorm';
import type { AgedSide, AmountDue, XeroOrg, XeroOrgFactory, XeroReports } from '#lb/connectors/xero';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { toDec } from '#lb/mapping';
import type { AmountsDueSource, CopyRow, StreamScope } from './side-stream';

const SIDE_OF: Record<string, { aged: AgedSide; party: 'customer' | 'supplier' }> = {
  invoice: { aged: 'receivable', party: 'customer' },
  bill: { aged: 'payable', party: 'supplier' },
};

/** Contacts whose report is kept between pages (a contact's documents often straddle a page). */
const KEPT_CONTACTS = 64;

/**
 * A copy the report is asked about: approved and still owing something as the copy stands. A copy
 * already settled (paid, voided, owing 0.00) keeps its amount: Xero refuses edits to a paid
 * document and un-paying one moves its UpdatedDateUTC (a poll re-reads it), and X3's copy is its
 * current state too — so a document paid after the run's date is no difference, and a ledger of
 * mostly settled documents costs one call per contact with something open, not per contact.
 */
function stillOpen(copy: CopyRow): boolean {
  if (copy.status !== 'authorised') return false;
  try {
    return copy.amountDue === null || !toDec(copy.amountDue).isZero();
  } catch {
    return true;
  }
}

export interface AgedAmountsDueDeps {
  tx: TenantTransactions;
  xero: {
    orgs: Pick<XeroOrgFactory, 'forConnection'>;
    reports: Pick<XeroReports, 'amountsDue' | 'baseCurrency' | 'lockDate'>;
  };
}

/** The Xero ContactID of each counterparty (as copies name it: ContactNumber, else the name). */
async function contactIds(
  m: EntityManager,
  integrationId: string,
  party: string,
  counterparties: string[],
): Promise<Map<string, string>> {
  const rows = await m.query<Array<{ key: string; id: string }>>(
    `SELECT match_key AS key, record_key AS id FROM recon_documents
     WHERE integration_id = $1 AND side = 'xero' AND entity = $2 AND match_key = ANY($3)
     UNION ALL
     SELECT x3_key, xero_id FROM sync_cross_references
     WHERE integration_id = $1 AND entity = $2 AND x3_key = ANY($3) AND xero_id IS NOT NULL AND state <> 'archived'`,
    [integrationId, party, counterparties],
  );
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.key)) out.set(r.key, r.id.toLowerCase());
  return out;
}

/**
 * One per run: it keeps the organisation and the last contacts' reports. A document the report does
 * not list (it owed nothing as of the date: paid or credited by then) is due 0.00. The report's
 * amounts are in the base currency, so a document in another currency keeps its copy's amount.
 * A failed report call fails the run (its reason recorded): never a silent "equal".
 */
export class AgedReportAmountsDue implements AmountsDueSource {
  private org?: XeroOrg;
  private base?: string;
  private readonly reports = new Map<string, Map<string, AmountDue>>();

  constructor(private readonly d: AgedAmountsDueDeps) {}

  async amountsDue(scope: StreamScope, copies: CopyRow[]): Promise<Map<string, string>> {
    const side = SIDE_OF[scope.entity];
    const out = new Map<string, string>();
    if (!side) return out;
    const counterparties = [...new Set(copies.flatMap((c) => (c.counterparty ? [c.counterparty] : [])))];
    if (!counterparties.length) return out;
    const ids = await this.d.tx.runReadOnly(scope.tenantId, (m) =>
      contactIds(m, scope.integrationId, side.party, counterparties),
    );
    // no contact known in Xero for any of them: their copies stand, and Xero is not asked
    if (!ids.size) return out;
    const { org, base } = await this.organisation(scope);
    for (const copy of copies) {
      const contactId = copy.counterparty ? ids.get(copy.counterparty) : undefined;
      if (!contactId || copy.currency !== base || !stillOpen(copy)) continue;
      const report = await this.report(org, contactId, scope.asOf, side.aged);
      out.set(copy.recordKey, report.get(copy.recordKey)?.amountDue ?? '0.00');
    }
    return out;
  }

  /** The organisation's lock date now (one GET Organisation a run). */
  async lockDate(scope: Pick<StreamScope, 'tenantId' | 'integrationId'>): Promise<string | undefined> {
    const { org } = await this.organisation(scope);
    return this.d.xero.reports.lockDate(org);
  }

  private async organisation(
    scope: Pick<StreamScope, 'tenantId' | 'integrationId'>,
  ): Promise<{ org: XeroOrg; base: string }> {
    if (!this.org || !this.base) {
      const connectionId = await this.d.tx.runReadOnly(scope.tenantId, async (m) => {
        const integration = await m.findOneOrFail(Integration, { where: { id: scope.integrationId } });
        return integration.xeroConnectionId;
      });
      this.org = await this.d.xero.orgs.forConnection(scope.tenantId, connectionId);
      this.base = await this.d.xero.reports.baseCurrency(this.org);
    }
    return { org: this.org, base: this.base };
  }

  /** The contact's documents still owed as of the date, by Xero id (lower case, as copies key them). */
  private async report(org: XeroOrg, contactId: string, asOf: string, side: AgedSide) {
    const key = `${side}:${contactId}`;
    const kept = this.reports.get(key);
    if (kept) return kept;
    const byNumber = await this.d.xero.reports.amountsDue(org, contactId, asOf, side);
    const byId = new Map([...byNumber.values()].map((d) => [d.invoiceId.toLowerCase(), d]));
    if (this.reports.size >= KEPT_CONTACTS) this.reports.delete(this.reports.keys().next().value!);
    this.reports.set(key, byId);
    return byId;
  }
}
