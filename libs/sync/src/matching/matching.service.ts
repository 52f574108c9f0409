// First-connection matching of an integration: run (read both sides, match, store the lines for
// review), view, confirm (matching-confirm.ts), and the gate the sync engine checks before its
// first write. No transaction is open while Xero or X3 is read.
import { randomUUID } from 'node:crypto';
import { EntityManager, Not } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { X3Connection, X3ConnectionSettings, X3ConnectionStore, X3Transport } from '#lb/connectors/sage-x3';
import { XeroConnector } from '#lb/connectors/xero';
import { Integration } from '#lb/integrations';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import { CrossReferences } from '../cross-references/cross-references.service';
import { SyncContactName } from './contact-name.entity';
import { confirmMatching, MatchingConfirmation } from './matching-confirm';
import { isMatchingConfirmed } from './matching-gate';
import { asSourceError, MatchingIntegrationNotFoundError } from './matching-errors';
import { readX3Side, readXeroSide, xeroSnapshotHash } from './matching-sources';
import { MatchingView, viewOf } from './matching-view';
import { SyncMatchProposal } from './match-proposal.entity';
import { SyncMatching } from './matching.entity';
import { matchFirstConnection } from './matcher';
import { MatchResult, slotOf } from './match-types';
import { xeroNameKey } from './normalise';

/** Rows per INSERT when a run stores its lines. */
const INSERT_CHUNK = 500;

export interface MatchingDeps {
  tx: TenantTransactions;
  secrets: SecretStore;
  xero: XeroConnector;
  audit: AuditTrail;
  createTransport: (settings: X3ConnectionSettings) => X3Transport;
  /** Whether the X3 base URL may be private (our own sandbox, or ALLOW_PRIVATE_TARGETS). */
  allowPrivateFor: (baseUrl: string) => boolean;
}

export interface MatchingActor {
  actor: AuditActor;
  origin?: RequestOrigin;
}

export class MatchingService {
  private readonly store: X3ConnectionStore;
  private readonly references = new CrossReferences();

  constructor(private readonly d: MatchingDeps) {
    this.store = new X3ConnectionStore(d.secrets);
  }

  async view(tenantId: string, integrationId: string): Promise<MatchingView> {
    return this.d.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const matching = await m.findOne(SyncMatching, { where: { integrationId } });
      const lines = await m.find(SyncMatchProposal, {
        where: { integrationId },
        order: { kind: 'ASC', entity: 'ASC', x3Key: 'ASC' },
      });
      const names = await m.find(SyncContactName, { where: { integrationId }, order: { entity: 'ASC', x3Key: 'ASC' } });
      return viewOf(integrationId, matching, lines, names);
    });
  }

  /** Whether the user confirmed the integration's matching: the sync engine's gate before a first write. */
  isConfirmed(m: EntityManager, integrationId: string): Promise<boolean> {
    return isMatchingConfirmed(m, integrationId);
  }

  /** Reads both sides, matches, and replaces the stored lines; the integration is unconfirmed until confirmed again. */
  async run(tenantId: string, integrationId: string, by: MatchingActor): Promise<MatchingView> {
    const { integration, settings, linked, renames } = await this.d.tx.run(tenantId, async (m) => {
      const found = await this.integration(m, integrationId);
      const conn = await m.findOneOrFail(X3Connection, { where: { id: found.x3ConnectionId } });
      const refs = await m.find(SyncCrossReference, {
        where: { integrationId, state: Not<SyncCrossReference['state']>('archived') },
      });
      const names = await m.find(SyncContactName, { where: { integrationId } });
      return {
        integration: found,
        settings: await this.store.settings(m, conn, false),
        linked: new Map(refs.filter((r) => r.xeroId).map((r) => [slotOf(r.entity as never, r.x3Key), r.xeroId!])),
        renames: new Map(names.map((n) => [slotOf(n.entity, n.x3Key), n.name])),
      };
    });

    const xeroSide = await this.call('xero', async () => {
      const org = await this.d.xero.orgs.forConnection(tenantId, integration.xeroConnectionId);
      return readXeroSide(this.d.xero, org);
    });
    const ctx = { baseCurrency: xeroSide.baseCurrency, x3Company: integration.x3Company };
    const open = (companies: string[]) => () =>
      this.d.createTransport({
        ...settings,
        companies,
        allowPrivateTargets: this.d.allowPrivateFor(settings.baseUrl),
      });
    const x3Side = await this.call('x3', () => readX3Side(open([]), open([integration.x3Company]), ctx));

    const result = matchFirstConnection({ ...x3Side.input, xero: xeroSide.facts, linked, renames });
    const hashOf = (entity: Parameters<typeof xeroSnapshotHash>[1], xeroId: string) =>
      xeroSnapshotHash(xeroSide, entity, xeroId, ctx);
    const taken = takenNames(
      result,
      xeroSide.facts.contacts,
      [...x3Side.input.customers, ...x3Side.input.suppliers],
      renames,
    );

    await this.d.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId, true);
      await m.delete(SyncMatchProposal, { integrationId });
      await insertLines(m, tenantId, integrationId, result, hashOf);
      const runId = randomUUID();
      await m.upsert(
        SyncMatching,
        {
          tenantId,
          integrationId,
          runId,
          computedAt: new Date(),
          counts: result.counts,
          shared: result.shared,
          takenNames: taken,
          confirmedAt: null,
          confirmedByUserId: null,
        },
        { conflictPaths: ['tenantId', 'integrationId'] },
      );
      await this.d.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'matching.run',
        targetType: 'integration',
        targetId: integrationId,
        details: { runId, counts: result.counts, clashes: result.clashes.length, unreadableX3: x3Side.unreadable },
        origin: by.origin,
      });
    });
    return this.view(tenantId, integrationId);
  }

  /** The accepted proposals and renames become cross-references ('matched') and stored names, in one transaction. */
  async confirm(
    tenantId: string,
    integrationId: string,
    body: MatchingConfirmation,
    by: MatchingActor & { userId: string },
  ): Promise<MatchingView> {
    await this.d.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId, true);
      const summary = await confirmMatching(m, tenantId, integrationId, body, by.userId, this.references);
      await this.d.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'matching.confirmed',
        targetType: 'integration',
        targetId: integrationId,
        details: { runId: body.runId, ...summary },
        origin: by.origin,
      });
    });
    return this.view(tenantId, integrationId);
  }

  /** The integration in this tenant; `lock` (FOR UPDATE) serialises runs and confirmations of one integration. */
  private async integration(m: EntityManager, integrationId: string, lock = false): Promise<Integration> {
    const found = await m.findOne(Integration, {
      where: { id: integrationId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!found) throw new MatchingIntegrationNotFoundError();
    return found;
  }

  private async call<T>(system: 'x3' | 'xero', work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw asSourceError(system, error);
    }
  }
}

async function insertLines(
  m: EntityManager,
  tenantId: string,
  integrationId: string,
  result: MatchResult,
  hashOf: (entity: MatchResult['proposals'][number]['entity'], xeroId: string) => string,
): Promise<void> {
  const base = { tenantId, integrationId };
  const rows: Array<QueryDeepPartialEntity<SyncMatchProposal>> = [
    ...result.proposals.map((p) => ({
      ...base,
      kind: 'match' as const,
      entity: p.entity,
      x3Key: p.x3Key,
      xeroId: p.xeroId,
      xeroNaturalKey: p.xeroNaturalKey,
      rule: p.rule,
      confidence: p.confidence,
      contentHash: hashOf(p.entity, p.xeroId),
      detail: { x3Label: p.x3Label, xeroLabel: p.xeroLabel, ...(p.partyKey ? { partyKey: p.partyKey } : {}) },
    })),
    ...result.ambiguous.map((a) => ({
      ...base,
      kind: 'ambiguous' as const,
      entity: a.entity,
      x3Key: a.x3Key,
      rule: a.rule,
      detail: {
        x3Label: a.x3Label,
        reason: a.reason,
        // Each candidate's snapshot hash, for when the user picks it.
        candidates: a.candidates.map((c) => ({ ...c, contentHash: hashOf(a.entity, c.xeroId) })),
      },
    })),
    ...result.clashes.map((c) => ({
      ...base,
      kind: 'clash' as const,
      entity: c.entity,
      x3Key: c.x3Key,
      xeroId: c.heldBy.xeroId ?? null,
      detail: { name: c.name, heldBy: c.heldBy, proposedName: c.proposedName },
    })),
  ];
  for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
    await m.insert(SyncMatchProposal, rows.slice(at, at + INSERT_CHUNK));
  }
}

/** Names held once the run's matches are written: every contact's (archived too), and each X3 party's that does not clash. */
function takenNames(
  result: MatchResult,
  contacts: Array<{ name: string }>,
  parties: Array<{ entity: 'customer' | 'supplier'; key: string; name: string }>,
  renames: Map<string, string>,
): string[] {
  const clashing = new Set(result.clashes.map((c) => slotOf(c.entity, c.x3Key)));
  const names = new Set(contacts.map((c) => xeroNameKey(c.name)));
  for (const p of parties) {
    const slot = slotOf(p.entity, p.key);
    if (!clashing.has(slot)) names.add(xeroNameKey(renames.get(slot) ?? p.name));
  }
  return [...names];
}
