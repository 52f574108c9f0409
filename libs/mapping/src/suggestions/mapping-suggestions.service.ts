// Suggestions of an integration: read both ledgers (no transaction open), score with the
// tenant's own earlier decisions, keep the proposals (each with a stable id, the key it is
// accepted or rejected by), and on acceptance write the pair into the mapping's lookup table as
// a new mapping version. Another tenant's integration or suggestion is simply not found (RLS).
import { EntityManager, In, Not } from 'typeorm';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { X3Connection, X3ConnectionSettings, X3ConnectionStore, X3Transport } from '#lb/connectors/sage-x3';
import { XeroConnector } from '#lb/connectors/xero';
import { Integration } from '#lb/integrations';
import type { MappingDirection } from '../adapters/adapter-contract';
import type { CanonicalEntity } from '../canonical';
import { IntegrationNotFoundError, MappingVersions } from '../persistence/mapping-versions.service';
import { asSourceError } from '../preview/source-errors';
import { suggestAccounts } from './account-suggestions';
import { MappingSuggestion } from './mapping-suggestion.entity';
import { FIELD_CATALOGUES, x3Fields, xeroFields } from './field-catalogues';
import { suggestFields } from './field-suggestions';
import { lookupTargetOf, scopesOf, withEntry, withField, writesTo } from './suggestion-lookups';
import { readX3Facts, readXeroFacts } from './suggestion-sources';
import type { PriorDecision, Proposal, SuggestionKind } from './suggestion-types';
import { suggestTaxes } from './tax-suggestions';

export interface SuggestionsDeps {
  tx: TenantTransactions;
  secrets: SecretStore;
  xero: XeroConnector;
  versions: MappingVersions;
  audit: AuditTrail;
  createTransport: (settings: X3ConnectionSettings) => X3Transport;
  allowPrivateFor: (baseUrl: string) => boolean;
}

export interface SuggestionQuery {
  kind: SuggestionKind;
  direction: MappingDirection;
  /** The X3 chart of accounts to read (default: the company's, see suggestion-sources.ts). */
  chart?: string;
  /** Field suggestions: the mapping's entity. */
  entity?: CanonicalEntity;
}

export interface SuggestionView {
  id: string;
  kind: SuggestionKind;
  direction: MappingDirection;
  scope: string;
  source: { key: string; label: string };
  target: { key: string; label: string };
  confidence: number;
  reasons: string[];
  alternatives: Array<{ key: string; label: string; confidence: number }>;
  status: MappingSuggestion['status'];
  /** Where an accepted pair goes: the mapping's entity and its lookup table (none: its field list). */
  writesTo: { entity: string; table?: string };
}

export interface SuggestionList {
  kind: SuggestionKind;
  direction: MappingDirection;
  /** X3 charts in the folder and the one read (accounts only). */
  charts?: string[];
  /** The mapping's entity (fields only). */
  entity?: CanonicalEntity;
  chart?: string;
  suggestions: SuggestionView[];
}

export interface DecisionResult {
  suggestion: SuggestionView;
  /** The mapping version the accepted pair was written into. */
  mappingVersion?: number;
}

export interface SuggestionActor {
  actor: AuditActor;
  origin?: RequestOrigin;
}

export class SuggestionNotFoundError extends Error {
  constructor() {
    super('Suggestion not found');
  }
}

/** A kind the direction does not offer (accounts xero-to-x3: no such lookup). */
export class SuggestionNotOfferedError extends Error {}

export class MappingSuggestions {
  private readonly store: X3ConnectionStore;

  constructor(private readonly d: SuggestionsDeps) {
    this.store = new X3ConnectionStore(d.secrets);
  }

  async list(tenantId: string, integrationId: string, q: SuggestionQuery): Promise<SuggestionList> {
    if (q.kind === 'fields') return this.listFields(tenantId, integrationId, q);
    const scopes = scopesOf(q.kind, q.direction);
    if (!scopes.length) throw new SuggestionNotOfferedError(`No ${q.kind} suggestions for ${q.direction} mappings`);
    const { integration, settings, decisions } = await this.load(tenantId, integrationId, q);
    const xero = await this.call('xero', async () =>
      readXeroFacts(this.d.xero, await this.d.xero.orgs.forConnection(tenantId, integration.xeroConnectionId)),
    );
    const x3 = await this.call('x3', async () => {
      const folder = this.d.createTransport({
        ...settings,
        companies: [],
        allowPrivateTargets: this.d.allowPrivateFor(settings.baseUrl),
      });
      try {
        return await readX3Facts(folder, integration.x3Company, q.chart);
      } finally {
        folder.close();
      }
    });
    const proposals =
      q.kind === 'accounts'
        ? suggestAccounts(x3.accounts, xero.accounts, decisions)
        : suggestTaxes(x3.taxes, xero.taxRates, decisions, {
            reverse: q.direction === 'xero-to-x3',
            sides: scopes as Array<'sales' | 'purchase'>,
          });
    const rows = await this.d.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId, true);
      return this.keep(m, tenantId, integrationId, q, proposals);
    });
    return {
      kind: q.kind,
      direction: q.direction,
      ...(q.kind === 'accounts' ? { charts: x3.charts, chart: x3.chart } : {}),
      suggestions: rows.map(viewOf),
    };
  }

  /** The integration, its X3 settings and the tenant's decisions on this kind (all its integrations). */
  private load(tenantId: string, integrationId: string, q: SuggestionQuery) {
    return this.d.tx.run(tenantId, async (m) => {
      const found = await this.integration(m, integrationId);
      const conn = await m.findOneOrFail(X3Connection, { where: { id: found.x3ConnectionId } });
      const decided = await m.find(MappingSuggestion, {
        where: {
          kind: q.kind,
          direction: q.direction,
          status: Not('proposed' as const),
          ...(q.kind === 'fields' ? { scope: q.entity } : {}),
        },
      });
      return {
        integration: found,
        settings: await this.store.settings(m, conn, false),
        decisions: decided.map((r): PriorDecision => ({
          kind: r.kind,
          scope: r.scope,
          sourceKey: r.sourceKey,
          targetKey: r.targetKey,
          decision: r.status as PriorDecision['decision'],
          here: r.integrationId === integrationId,
        })),
      };
    });
  }

  /** Field pairs of one entity: the X3 node's fields (typed by up to 20 of the company's records) and Xero's model. */
  private async listFields(tenantId: string, integrationId: string, q: SuggestionQuery): Promise<SuggestionList> {
    const catalogue = q.entity ? FIELD_CATALOGUES[q.entity] : undefined;
    if (!q.entity || !catalogue)
      throw new SuggestionNotOfferedError(
        `Field suggestions need entity, one of ${Object.keys(FIELD_CATALOGUES).join(', ')}`,
      );
    const { integration, settings, decisions } = await this.load(tenantId, integrationId, q);
    const records = await this.call('x3', async () => {
      const company = this.d.createTransport({
        ...settings,
        companies: [integration.x3Company],
        allowPrivateTargets: this.d.allowPrivateFor(settings.baseUrl),
      });
      try {
        const out = [];
        for await (const r of company.list(catalogue.x3, { pageSize: 20 })) {
          out.push(r);
          if (out.length >= 20) break;
        }
        return out;
      } finally {
        company.close();
      }
    });
    const x3 = x3Fields(catalogue.x3, records);
    const xero = xeroFields(catalogue.xero);
    const proposals =
      q.direction === 'x3-to-xero'
        ? suggestFields(x3, xero, q.entity, decisions)
        : suggestFields(xero, x3, q.entity, decisions);
    const rows = await this.d.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId, true);
      return this.keep(m, tenantId, integrationId, q, proposals, q.entity);
    });
    return { kind: q.kind, direction: q.direction, entity: q.entity, suggestions: rows.map(viewOf) };
  }

  /** Writes the pair into the mapping's lookup table (a new version), then marks it accepted. */
  async accept(tenantId: string, integrationId: string, id: string, by: SuggestionActor): Promise<DecisionResult> {
    const row = await this.d.tx.run(tenantId, (m) => this.suggestion(m, integrationId, id));
    // accepting twice writes no second version
    if (row.status === 'accepted') return { suggestion: viewOf(row), mappingVersion: row.mappingVersion ?? undefined };
    const where = writesTo(row.kind, row.scope, row.direction);
    const key = { integrationId, entity: where.entity, direction: row.direction };
    const active = await this.d.versions.get(tenantId, key);
    const document =
      row.kind === 'fields'
        ? withField(active.document, row.sourceKey, row.targetKey)
        : withEntry(active.document, lookupTargetOf(row.kind, row.scope, row.direction)!, row.sourceKey, row.targetKey);
    const saved = await this.d.versions.save(
      tenantId,
      key,
      {
        document,
        comment: `Suggestion accepted: ${row.sourceKey} → ${row.targetKey} (${where.table ?? 'fields'})`,
        basedOnVersion: active.version,
      },
      { actor: by.actor, origin: by.origin ?? {} },
    );
    const decided = await this.decide(tenantId, integrationId, id, 'accepted', by, saved.version);
    return { suggestion: viewOf(decided), mappingVersion: saved.version };
  }

  /** Records the rejection: the pair is not proposed for this integration again. */
  async reject(tenantId: string, integrationId: string, id: string, by: SuggestionActor): Promise<DecisionResult> {
    await this.d.tx.run(tenantId, (m) => this.suggestion(m, integrationId, id));
    return { suggestion: viewOf(await this.decide(tenantId, integrationId, id, 'rejected', by, null)) };
  }

  private decide(
    tenantId: string,
    integrationId: string,
    id: string,
    status: 'accepted' | 'rejected',
    by: SuggestionActor,
    mappingVersion: number | null,
  ): Promise<MappingSuggestion> {
    return this.d.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId, true);
      const row = await this.suggestion(m, integrationId, id);
      await m.update(
        MappingSuggestion,
        { id },
        {
          status,
          decidedAt: new Date(),
          decidedByUserId: by.actor.kind === 'user' ? by.actor.id : null,
          mappingVersion,
        },
      );
      await this.d.audit.record(m, tenantId, {
        actor: by.actor,
        action: `mapping.suggestion_${status}`,
        targetType: 'mapping_suggestion',
        targetId: id,
        details: {
          integrationId,
          kind: row.kind,
          direction: row.direction,
          scope: row.scope,
          source: row.sourceKey,
          target: row.targetKey,
          ...(mappingVersion ? { mappingVersion } : {}),
        },
        origin: by.origin,
      });
      return m.findOneOrFail(MappingSuggestion, { where: { id } });
    });
  }

  /** Upserts this reading's proposals (decided rows keep their decision) and drops stale proposed ones. */
  private async keep(
    m: EntityManager,
    tenantId: string,
    integrationId: string,
    q: SuggestionQuery,
    proposals: Proposal[],
    onlyScope?: string,
  ): Promise<MappingSuggestion[]> {
    const scope = { integrationId, kind: q.kind, direction: q.direction, ...(onlyScope ? { scope: onlyScope } : {}) };
    const existing = await m.find(MappingSuggestion, { where: scope });
    const keyOf = (r: { scope: string; sourceKey: string; targetKey: string }) =>
      `${r.scope}\u0000${r.sourceKey}\u0000${r.targetKey}`;
    const byKey = new Map(existing.map((r) => [keyOf(r), r]));
    const current = new Set<string>();
    for (const p of proposals) {
      const key = keyOf({ scope: p.scope, sourceKey: p.source.key, targetKey: p.target.key });
      current.add(key);
      const fields = {
        sourceLabel: p.source.label,
        targetLabel: p.target.label,
        confidence: p.confidence.toFixed(2),
        reasons: p.reasons,
        alternatives: p.alternatives,
      };
      const known = byKey.get(key);
      if (known) await m.update(MappingSuggestion, { id: known.id }, fields);
      else
        await m.insert(MappingSuggestion, {
          tenantId,
          integrationId,
          kind: q.kind,
          direction: q.direction,
          scope: p.scope,
          sourceKey: p.source.key,
          targetKey: p.target.key,
          status: 'proposed',
          ...fields,
        });
    }
    const stale = existing.filter((r) => r.status === 'proposed' && !current.has(keyOf(r))).map((r) => r.id);
    if (stale.length) await m.delete(MappingSuggestion, { id: In(stale) });
    const rows = await m.find(MappingSuggestion, { where: scope });
    return rows
      .filter((r) => current.has(keyOf(r)))
      .sort((a, b) => a.scope.localeCompare(b.scope) || a.sourceKey.localeCompare(b.sourceKey));
  }

  private async suggestion(m: EntityManager, integrationId: string, id: string): Promise<MappingSuggestion> {
    await this.integration(m, integrationId);
    const row = await m.findOne(MappingSuggestion, { where: { id, integrationId } });
    if (!row) throw new SuggestionNotFoundError();
    return row;
  }

  private async integration(m: EntityManager, id: string, lock = false): Promise<Integration> {
    const found = await m.findOne(Integration, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!found) throw new IntegrationNotFoundError();
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

function viewOf(r: MappingSuggestion): SuggestionView {
  return {
    id: r.id,
    kind: r.kind,
    direction: r.direction,
    scope: r.scope,
    source: { key: r.sourceKey, label: r.sourceLabel },
    target: { key: r.targetKey, label: r.targetLabel },
    confidence: Number(r.confidence),
    reasons: r.reasons,
    alternatives: r.alternatives,
    status: r.status,
    writesTo: writesTo(r.kind, r.scope, r.direction),
  };
}
