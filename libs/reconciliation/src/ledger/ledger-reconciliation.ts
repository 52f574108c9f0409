import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import { readGlBalances, X3Transport } from '#lb/connectors/sage-x3';
import { AgedSide, AmountDue, XeroOrgFactory, XeroReads, XeroReports } from '#lb/connectors/xero';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { LookupTable, MappingHead, MappingVersion } from '#lb/mapping';
import { compareTrialBalances, LedgerLine, movement, xeroBalances } from './compare-ledgers';

// The GL part of reconciliation: X3's trial balance and Xero's Trial Balance report, as of a
// date or over a period, compared through the integration's account lookups. The integration,
// its mappings and its connections are read inside the tenant's context (RLS); X3 and Xero are
// then read outside any transaction.

/** Opens the integration's X3 connection, scoped to its company (sync's x3OpenerFor is one). */
export type X3OpenerFn = (m: EntityManager, integration: Integration) => Promise<X3Transport>;

export interface LedgerDeps {
  tx: TenantTransactions;
  /** reads: the run's ledger lists Xero's accounts to find its receivable and payable control accounts. */
  xero: { orgs: Pick<XeroOrgFactory, 'forConnection'>; reports: XeroReports; reads?: Pick<XeroReads, 'listPage'> };
  openX3: X3OpenerFn;
}

export interface LedgerCompareOptions {
  /** First day of the period (YYYY-MM-DD): compare what moved from it to `asOf`, not balances. */
  from?: string;
  /**
   * X3 account → Xero code for accounts no lookup maps on purpose: the receivable and payable
   * control accounts (journals may not post to them; documents and payments reach them in Xero).
   */
  controlAccounts?: Record<string, string>;
}

export interface LedgerComparison {
  asOf: string;
  from: string | null;
  lines: LedgerLine[];
  /** The X3 account → Xero code map the comparison used. */
  accountMap: Record<string, string>;
}

export class LedgerReconciliationError extends Error {
  constructor(
    readonly kind: 'bad-request' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(value: string, name: string): void {
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new LedgerReconciliationError('bad-request', `${name} must be a date (YYYY-MM-DD)`);
}

export const dayBefore = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The integration's account lookups: gl-account tables keyed by the X3 account alone (journal-account). */
export function accountLookups(tables: LookupTable[]): Record<string, string> {
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of tables) {
    if (t.kind !== 'gl-account' || t.keyFields.length !== 1 || t.keyFields[0] !== 'account') continue;
    for (const e of t.entries) {
      const code = e.value.accountCode;
      if (e.key[0] && e.key[0] !== '*' && code) map[e.key[0]] ??= code;
    }
  }
  return map;
}

export async function integrationOf(m: EntityManager, integrationId: string): Promise<Integration> {
  if (!/^[0-9a-f-]{36}$/i.test(integrationId)) throw new LedgerReconciliationError('not-found', 'no such integration');
  const integration = await m.findOne(Integration, { where: { id: integrationId } });
  if (!integration) throw new LedgerReconciliationError('not-found', 'no such integration');
  return integration;
}

/** Every lookup table of the integration's active X3-to-Xero mappings. */
export async function activeLookups(m: EntityManager, integrationId: string): Promise<LookupTable[]> {
  const heads = await m.find(MappingHead, { where: { integrationId, direction: 'x3-to-xero' } });
  const tables: LookupTable[] = [];
  for (const head of heads) {
    const version = await m.findOne(MappingVersion, { where: { id: head.activeVersionId } });
    const doc = version?.document as { lookups?: LookupTable[] } | undefined;
    tables.push(...(doc?.lookups ?? []));
  }
  return tables;
}

export class LedgerReconciliation {
  constructor(private readonly d: LedgerDeps) {}

  /**
   * The two trial balances compared account by account. Costs ONE Xero call (Reports/TrialBalance
   * as of `asOf`), TWO with `from` (the balances either side of the period); X3's journal entries
   * are paged through its API.
   */
  async compare(
    tenantId: string,
    integrationId: string,
    asOf: string,
    options: LedgerCompareOptions = {},
  ): Promise<LedgerComparison> {
    checkDay(asOf, 'asOf');
    if (options.from !== undefined) {
      checkDay(options.from, 'from');
      if (options.from > asOf) throw new LedgerReconciliationError('bad-request', 'from must not be after asOf');
    }
    const { integration, x3, accountMap } = await this.d.tx.run(tenantId, async (m) => {
      const found = await integrationOf(m, integrationId);
      const map = { ...accountLookups(await activeLookups(m, integrationId)), ...(options.controlAccounts ?? {}) };
      return { integration: found, accountMap: map, x3: await this.d.openX3(m, found) };
    });
    let x3Balances: Map<string, Decimal>;
    try {
      const filter = options.from ? `{accountingDate:{_gte:'${options.from}'}}` : undefined;
      x3Balances = await readGlBalances(x3, asOf, { filter });
    } finally {
      x3.close();
    }
    const org = await this.d.xero.orgs.forConnection(tenantId, integration.xeroConnectionId);
    let xero = xeroBalances(await this.d.xero.reports.trialBalance(org, asOf));
    if (options.from)
      xero = movement(xero, xeroBalances(await this.d.xero.reports.trialBalance(org, dayBefore(options.from))));
    return {
      asOf,
      from: options.from ?? null,
      lines: compareTrialBalances(x3Balances, xero, accountMap),
      accountMap: { ...accountMap },
    };
  }
}

/**
 * What each of a contact's documents owed in Xero as of a date, from Xero's aged report (not from
 * the documents read incrementally: an edit that did not move UpdatedDateUTC still shows here).
 * The reconciliation run asks it per contact. Costs ONE Xero call per contact and side.
 */
export class XeroAmountsDue {
  constructor(private readonly d: Pick<LedgerDeps, 'tx' | 'xero'>) {}

  async forContact(
    tenantId: string,
    integrationId: string,
    contactId: string,
    asOf: string,
    side: AgedSide,
  ): Promise<Map<string, AmountDue>> {
    checkDay(asOf, 'asOf');
    const integration = await this.d.tx.run(tenantId, (m) => integrationOf(m, integrationId));
    const org = await this.d.xero.orgs.forConnection(tenantId, integration.xeroConnectionId);
    return this.d.xero.reports.amountsDue(org, contactId, asOf, side);
  }
}
