// What the xero-to-x3 document flows (bills, payments) do alike in carrying one claim: open the
// flow's mapping, read the claimed Xero records (as polled, or fetched 50 ids per call), read the
// X3 company's ledger currency, renew the claim before each X3 write, and settle — a written
// record with its cross-reference in one short transaction. No transaction is held across a Xero
// or X3 call.
import { EntityManager } from 'typeorm';
import type { X3Transport } from '#lb/connectors/sage-x3';
import type { XeroOrg } from '#lb/connectors/xero';
import type { Integration } from '#lb/integrations';
import type { AdapterContext, CanonicalEntity, MappingDocument } from '#lb/mapping';
import { dayPlanOf } from '../budget/call-plans.service';
import { purposeOfLane } from '../budget/call-purposes';
import { orgForPurpose } from '../budget/purpose-org';
import { CrossReferences } from '../cross-references/cross-references.service';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { Claim, PendingChanges, pinnedVersionOf, Settlement } from '../pending/pending-changes.service';
import { fetchByIds } from '../xero-intake/xero-fetch';
import type { XeroSource } from '../xero-intake/xero-resources';
import type { XeroFlowRun, XeroToX3Deps, XeroToX3Report } from './drain-xero-to-x3';
import { loadXeroToX3Mapping } from './flow-mapping';
import { refKeyOf } from './payment-write';
import { settlementOfX3Failure } from './x3-failures';
import { settlementOfXeroFailure } from './xero-read-failure';

export type XeroRow = Record<string, unknown>;
export type Decided = { change: SyncPendingChange; settlement: Settlement };
export type WrittenSnapshot = { x3Key: string; xeroId: string; contentHash: string; xeroUpdatedAt?: string };

/** What carrying one record to X3 came to: its settlement and the cross-reference to record. */
export interface CarryResult {
  settlement: Settlement;
  snapshot?: WrittenSnapshot;
  wrote: boolean;
}

export type LoadedMapping = { document: MappingDocument; version: number };

/** A claim opened for carrying: its mapping, its rows by change id, what our tables know, X3 open. */
export interface OpenedClaim<K> {
  mapping: LoadedMapping;
  rows: Map<string, XeroRow>;
  known: K;
  x3: X3Transport;
  adapterContext: AdapterContext;
}

/** How a written record is linked: its entity, what holds it when the link fails, what else goes with it. */
export interface WrittenLink {
  entity: CanonicalEntity;
  /** The held outcome's message and proposal when X3 holds the record but its link was not recorded. */
  heldFor: (x3Key: string | undefined, why: string) => { message: string; proposal: string };
  /** More to do in the transaction that records the link. */
  alsoOnLink?: (m: EntityManager, snapshot: WrittenSnapshot) => Promise<void>;
  /** More to do in the transaction that settles the record without a link. */
  alsoUnlinked?: (m: EntityManager, settlement: Settlement) => Promise<void>;
}

const pending = new PendingChanges();
const references = new CrossReferences();

/** The Xero organisation a claim reads through: its lane's share of the day's calls. */
export async function claimOrg(
  deps: XeroToX3Deps,
  tenantId: string,
  integration: Integration,
  changes: SyncPendingChange[],
): Promise<XeroOrg> {
  const connected = await deps.orgs.forConnection(tenantId, integration.xeroConnectionId);
  const { dayLimit } = deps;
  const plan = dayLimit ? await deps.tx.run(tenantId, (m) => dayPlanOf(m, integration.id, dayLimit)) : null;
  const lane = Math.min(...changes.map((c) => c.lane));
  return plan ? orgForPurpose(connected, purposeOfLane(lane), plan) : connected;
}

/** The claimed records by change id: as polled (JSON), or fetched from Xero 50 ids per call. */
export async function claimedRows(
  deps: XeroToX3Deps,
  tenantId: string,
  run: XeroFlowRun,
  changes: SyncPendingChange[],
  source: XeroSource,
): Promise<Map<string, XeroRow>> {
  const toFetch = changes.filter((c) => c.source === null).map((c) => c.sourceKey);
  let fetched = new Map<string, XeroRow>();
  if (toFetch.length) {
    fetched = await fetchByIds(await claimOrg(deps, tenantId, run.integration, changes), source, toFetch);
  }
  const rows = new Map<string, XeroRow>();
  for (const c of changes) {
    const row = c.source ?? fetched.get(c.sourceKey.toLowerCase());
    // as JSON: the SDK's Date objects become the ISO text the adapters read
    if (row) rows.set(c.id, JSON.parse(JSON.stringify(row)) as XeroRow);
  }
  return rows;
}

export function countSettlement(report: XeroToX3Report, s: Settlement, wrote: boolean): void {
  if (wrote) report.written++;
  else if (s.kind === 'dead') report.dead++;
  else if (s.kind === 'retry' || s.kind === 'release') report.deferred++;
  else report.settled++;
}

/** Settles changes decided without a write in one transaction (with `also` in it, if given). */
export async function settleDecided(
  deps: XeroToX3Deps,
  tenantId: string,
  claimId: string,
  items: Decided[],
  report: XeroToX3Report,
  also?: (m: EntityManager) => Promise<void>,
): Promise<void> {
  if (!items.length) return;
  await deps.tx.run(tenantId, async (m) => {
    for (const { change, settlement } of items) {
      if (await pending.settle(m, change, claimId, settlement)) countSettlement(report, settlement, false);
    }
    await also?.(m);
  });
}

/** One claim being carried: its report, and the steps the document flows share. */
export class ClaimCarry {
  readonly report: XeroToX3Report;
  /** The claimed records' Xero ids, lower-cased as our tables keep them. */
  readonly sourceKeys: string[];

  constructor(
    private readonly deps: XeroToX3Deps,
    private readonly tenantId: string,
    private readonly run: XeroFlowRun,
    private readonly claim: Claim,
  ) {
    this.report = { claimed: claim.changes.length, written: 0, settled: 0, dead: 0, deferred: 0 };
    this.sourceKeys = claim.changes.map((c) => c.sourceKey.toLowerCase());
  }

  org(): Promise<XeroOrg> {
    return claimOrg(this.deps, this.tenantId, this.run.integration, this.claim.changes);
  }

  settle(items: Decided[], also?: (m: EntityManager) => Promise<void>): Promise<void> {
    return settleDecided(this.deps, this.tenantId, this.claim.claimId, items, this.report, also);
  }

  private settleAll(of: (c: SyncPendingChange) => Settlement): Promise<void> {
    return this.settle(this.claim.changes.map((c) => ({ change: c, settlement: of(c) })));
  }

  /** The flow's mapping and the claimed rows; null when either is not to be had (every change settled so). */
  private async open(source: XeroSource): Promise<{ mapping: LoadedMapping; rows: Map<string, XeroRow> } | null> {
    const { deps, tenantId, run, claim } = this;
    const mapping = await loadXeroToX3Mapping(deps, tenantId, run, pinnedVersionOf(claim));
    if ('error' in mapping) {
      await this.settleAll(() => ({ kind: 'dead', error: mapping.error, outcome: { messages: [mapping.error] } }));
      return null;
    }
    try {
      return { mapping, rows: await claimedRows(deps, tenantId, run, claim.changes, source) };
    } catch (error) {
      await this.settleAll((c) => settlementOfXeroFailure(error, c.attempts));
      return null;
    }
  }

  /**
   * Runs `work` on the claim opened (mapping, rows, what `knownOf` reads of them in our tables, X3
   * open with the adapters' context), X3 closed after. Nothing runs when the mapping, the rows or
   * the X3 company is not to be had: every change is settled so. The report when all is done.
   */
  async withX3<K>(
    source: XeroSource,
    knownOf: (m: EntityManager, rows: XeroRow[]) => Promise<K>,
    work: (opened: OpenedClaim<K>) => Promise<void>,
  ): Promise<XeroToX3Report> {
    const opened = await this.open(source);
    if (!opened) return this.report;
    const { mapping, rows } = opened;
    const { known, x3 } = await this.deps.tx.run(this.tenantId, async (m) => ({
      known: await knownOf(m, [...rows.values()]),
      x3: await this.deps.openX3(m, this.run.integration),
    }));
    try {
      const adapterContext = await this.adapterContext(x3, mapping.version);
      if (adapterContext) await work({ mapping, rows, known, x3, adapterContext });
    } finally {
      x3.close();
    }
    return this.report;
  }

  /** The adapters' context (the X3 company's ledger currency); null when X3 did not answer (all settled so). */
  private async adapterContext(x3: X3Transport, mappingVersion: number): Promise<AdapterContext | null> {
    const { x3Company } = this.run.integration;
    try {
      const company = await x3.get('company', x3Company);
      return { baseCurrency: refKeyOf(company.accountingCurrency), x3Company };
    } catch (error) {
      await this.settleAll((c) => settlementOfX3Failure(error, c.attempts, mappingVersion));
      return null;
    }
  }

  /** False when the claim outlived its lease: the change belongs to another drain now, which writes it. */
  renew(change: SyncPendingChange): Promise<boolean> {
    return this.deps.tx.run(this.tenantId, (m) => pending.renew(m, change, this.claim.claimId));
  }

  /** The settlement and the cross-reference in one transaction; a link that cannot be recorded is held. */
  async settleWritten(
    change: SyncPendingChange,
    result: CarryResult,
    mappingVersion: number,
    link: WrittenLink,
  ): Promise<void> {
    const { deps, tenantId, report } = this;
    const { claimId } = this.claim;
    const integrationId = this.run.integration.id;
    const record = async (m: EntityManager) => {
      if (!(await pending.settle(m, change, claimId, result.settlement))) return false;
      if (result.snapshot) {
        await references.record(m, tenantId, {
          integrationId,
          entity: link.entity,
          ...result.snapshot,
          kind: 'write',
          mappingVersion,
        });
        await link.alsoOnLink?.(m, result.snapshot);
      } else await link.alsoUnlinked?.(m, result.settlement);
      return true;
    };
    try {
      if (await deps.tx.run(tenantId, record)) countSettlement(report, result.settlement, result.wrote);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const x3Key = result.snapshot?.x3Key;
      const { message, proposal } = link.heldFor(x3Key, why);
      const held: Settlement = {
        kind: 'held',
        outcome: { targetId: x3Key, messages: [message], proposal },
        mappingVersion,
      };
      if (await deps.tx.run(tenantId, (m) => pending.settle(m, change, claimId, held))) {
        countSettlement(report, held, false);
      }
    }
  }
}
