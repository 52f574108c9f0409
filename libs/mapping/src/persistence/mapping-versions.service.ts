import { EntityManager } from 'typeorm';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { CanonicalEntity } from '../canonical';
import type { MappingDirection } from '../adapters/adapter-contract';
import { DocumentChange, diffMappingDocuments } from '../engine/diff/document-diff';
import type { MappingDocument } from '../engine/mapping-document';
import { MappingHead } from './mapping-head.entity';
import { MappingVersion } from './mapping-version.entity';
import { DocumentIssue, InvalidMappingError, MappingDocumentCheck } from './mapping-validation';

export interface MappingKey {
  integrationId: string;
  entity: CanonicalEntity;
  direction: MappingDirection;
}

export interface MappingSummary {
  entity: CanonicalEntity;
  direction: MappingDirection;
  activeVersion: number;
  versionCount: number;
  activeSince: string;
}

export interface VersionSummary {
  version: number;
  authorUserId: string | null;
  createdAt: string;
  copiedFromVersion: number | null;
  comment: string | null;
  active: boolean;
}

export interface VersionView extends VersionSummary {
  id: string;
  entity: CanonicalEntity;
  direction: MappingDirection;
  document: Record<string, unknown>;
}

export interface VersionDiff {
  from: number;
  to: number;
  changes: DocumentChange[];
}

export interface SaveRequest {
  document: unknown;
  comment?: string;
  copiedFromVersion?: number;
  /** For edits of the active document: refuse (conflict) when another save came in between. */
  basedOnVersion?: number;
}

export interface Actor {
  actor: AuditActor;
  origin: RequestOrigin;
}

export class IntegrationNotFoundError extends Error {
  constructor() {
    super('Integration not found');
  }
}

export class MappingNotFoundError extends Error {}

/** Another save made a newer version between reading the active one and saving its edit. */
export class MappingConflictError extends Error {}

/**
 * Mapping versions of an integration: saved (validated first, nothing stored when refused),
 * listed, diffed and rolled back; every save is audited in the same transaction. Another
 * tenant's integration is simply not found (RLS).
 */
/**
 * Runs in the transaction that makes a version active (a save, an edit or a roll-back): the sync
 * engine releases the changes that waited for a lookup entry, so they run again with it.
 */
export type MappingActivated = (m: EntityManager, tenantId: string, key: MappingKey, version: number) => Promise<void>;

export class MappingVersions {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
    private readonly check: MappingDocumentCheck,
    private readonly onActivated?: MappingActivated,
  ) {}

  list(tenantId: string, integrationId: string): Promise<MappingSummary[]> {
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const heads = await m.find(MappingHead, { where: { integrationId }, order: { entity: 'ASC', direction: 'ASC' } });
      const counts = await m
        .createQueryBuilder(MappingVersion, 'v')
        .select(['v.entity AS entity', 'v.direction AS direction', 'count(*)::int AS count'])
        .where('v.integration_id = :integrationId', { integrationId })
        .groupBy('v.entity')
        .addGroupBy('v.direction')
        .getRawMany<{ entity: string; direction: string; count: number }>();
      return heads.map((h) => ({
        entity: h.entity,
        direction: h.direction,
        activeVersion: h.activeVersion,
        versionCount: counts.find((c) => c.entity === h.entity && c.direction === h.direction)?.count ?? 0,
        activeSince: h.updatedAt.toISOString(),
      }));
    });
  }

  versions(tenantId: string, key: MappingKey): Promise<VersionSummary[]> {
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, key.integrationId);
      const head = await this.head(m, key);
      const rows = await m.find(MappingVersion, {
        where: { integrationId: key.integrationId, entity: key.entity, direction: key.direction },
        order: { version: 'DESC' },
        select: ['id', 'version', 'authorUserId', 'createdAt', 'copiedFromVersion', 'comment'],
      });
      if (!rows.length) throw new MappingNotFoundError(`No ${key.entity} mapping (${key.direction}) yet`);
      return rows.map((r) => summary(r, head));
    });
  }

  /** One version, or the active one when `version` is omitted. */
  get(tenantId: string, key: MappingKey, version?: number): Promise<VersionView> {
    return this.tx.run(tenantId, (m) => this.load(m, key, version));
  }

  diff(tenantId: string, key: MappingKey, from: number, to: number): Promise<VersionDiff> {
    return this.tx.run(tenantId, async (m) => {
      const [a, b] = [await this.load(m, key, from), await this.load(m, key, to)];
      return {
        from,
        to,
        changes: diffMappingDocuments(
          a.document as unknown as MappingDocument,
          b.document as unknown as MappingDocument,
        ),
      };
    });
  }

  /** What a save of `document` would be refused for (nothing stored); the integration must be the tenant's. */
  async checkDocument(tenantId: string, key: MappingKey, document: unknown): Promise<{ issues: DocumentIssue[] }> {
    await this.tx.run(tenantId, (m) => this.integration(m, key.integrationId));
    return { issues: this.check(document, { entity: key.entity, direction: key.direction }) };
  }

  /** Validates, then stores the next version and makes it active. */
  async save(tenantId: string, key: MappingKey, request: SaveRequest, by: Actor): Promise<VersionView> {
    this.refuseInvalid(key, request);
    return this.tx.run(tenantId, (m) => this.store(m, tenantId, key, request, by));
  }

  /** The active version, read in the caller's transaction (another tenant's integration: not found). */
  activeIn(m: EntityManager, key: MappingKey): Promise<VersionView> {
    return this.load(m, key);
  }

  /**
   * Validates and stores the next version in the caller's transaction, so a decision made with it
   * (a reconciliation fix approved) and the new version commit or fail together.
   */
  async saveIn(
    m: EntityManager,
    tenantId: string,
    key: MappingKey,
    request: SaveRequest,
    by: Actor,
  ): Promise<VersionView> {
    this.refuseInvalid(key, request);
    return this.store(m, tenantId, key, request, by);
  }

  /** Nothing is stored for a document the check refuses. */
  private refuseInvalid(key: MappingKey, request: SaveRequest): void {
    const issues = this.check(request.document, { entity: key.entity, direction: key.direction });
    if (issues.length) throw new InvalidMappingError(issues);
  }

  /** A roll-back is a new version that copies an old one: history only grows. */
  async rollBack(tenantId: string, key: MappingKey, toVersion: number, by: Actor): Promise<VersionView> {
    const old = await this.get(tenantId, key, toVersion);
    return this.save(
      tenantId,
      key,
      { document: old.document, copiedFromVersion: toVersion, comment: `Rolled back to version ${toVersion}` },
      by,
    );
  }

  /** Adds or replaces one lookup table of the active document, as a new version. */
  putLookupTable(
    tenantId: string,
    key: MappingKey,
    name: string,
    table: Record<string, unknown>,
    by: Actor,
  ): Promise<VersionView> {
    return this.edit(
      tenantId,
      key,
      (doc) => {
        const lookups = Array.isArray(doc.lookups) ? (doc.lookups as Array<{ name?: unknown }>) : [];
        const next = { ...table, name };
        const at = lookups.findIndex((l) => l?.name === name);
        return { ...doc, lookups: at < 0 ? [...lookups, next] : lookups.map((l, i) => (i === at ? next : l)) };
      },
      `Lookup table ${name} edited`,
      by,
    );
  }

  /** Sets the status map of the active document (null removes it), as a new version. */
  putStatusMap(
    tenantId: string,
    key: MappingKey,
    statusMap: Record<string, unknown> | null,
    by: Actor,
  ): Promise<VersionView> {
    return this.edit(
      tenantId,
      key,
      (doc) => {
        const { statusMap: _previous, ...rest } = doc;
        return statusMap ? { ...rest, statusMap } : rest;
      },
      statusMap ? 'Status map edited' : 'Status map removed',
      by,
    );
  }

  private async edit(
    tenantId: string,
    key: MappingKey,
    change: (document: Record<string, unknown>) => Record<string, unknown>,
    comment: string,
    by: Actor,
  ): Promise<VersionView> {
    const active = await this.get(tenantId, key);
    return this.save(tenantId, key, { document: change(active.document), comment, basedOnVersion: active.version }, by);
  }

  private async store(
    m: EntityManager,
    tenantId: string,
    key: MappingKey,
    request: SaveRequest,
    by: Actor,
  ): Promise<VersionView> {
    await this.integration(m, key.integrationId, true);
    const head = await this.head(m, key);
    if (request.basedOnVersion !== undefined && head?.activeVersion !== request.basedOnVersion) {
      throw new MappingConflictError(
        `Version ${head?.activeVersion} was saved meanwhile; reload the mapping and edit it again`,
      );
    }
    const last = await m
      .createQueryBuilder(MappingVersion, 'v')
      .select('max(v.version)', 'max')
      .where('v.integration_id = :i AND v.entity = :e AND v.direction = :d', {
        i: key.integrationId,
        e: key.entity,
        d: key.direction,
      })
      .getRawOne<{ max: number | null }>();
    const saved = await m.save(
      m.create(MappingVersion, {
        tenantId,
        ...key,
        version: (last?.max ?? 0) + 1,
        document: request.document as Record<string, unknown>,
        authorUserId: by.actor.kind === 'user' ? by.actor.id : null,
        copiedFromVersion: request.copiedFromVersion ?? null,
        comment: request.comment ?? null,
      }),
    );
    if (head) {
      await m.update(MappingHead, { id: head.id }, { activeVersionId: saved.id, activeVersion: saved.version });
    } else {
      await m.insert(MappingHead, { tenantId, ...key, activeVersionId: saved.id, activeVersion: saved.version });
    }
    await this.audit.record(m, tenantId, {
      actor: by.actor,
      action: request.copiedFromVersion ? 'mapping.rolled_back' : 'mapping.saved',
      targetType: 'mapping_version',
      targetId: saved.id,
      details: {
        integrationId: key.integrationId,
        entity: key.entity,
        direction: key.direction,
        version: saved.version,
        previousVersion: head?.activeVersion ?? null,
        ...(request.copiedFromVersion ? { copiedFromVersion: request.copiedFromVersion } : {}),
        ...(request.comment ? { comment: request.comment } : {}),
      },
      origin: by.origin,
    });
    await this.onActivated?.(m, tenantId, key, saved.version);
    return { ...summary(saved, { activeVersion: saved.version }), id: saved.id, ...key, document: saved.document };
  }

  private async load(m: EntityManager, key: MappingKey, version?: number): Promise<VersionView> {
    await this.integration(m, key.integrationId);
    const head = await this.head(m, key);
    const wanted = version ?? head?.activeVersion;
    const row =
      wanted === undefined
        ? null
        : await m.findOne(MappingVersion, {
            where: { integrationId: key.integrationId, entity: key.entity, direction: key.direction, version: wanted },
          });
    if (!row) {
      throw new MappingNotFoundError(
        version === undefined
          ? `No ${key.entity} mapping (${key.direction}) yet`
          : `Version ${version} of the ${key.entity} mapping (${key.direction}) not found`,
      );
    }
    return { ...summary(row, head), id: row.id, entity: row.entity, direction: row.direction, document: row.document };
  }

  private head(m: EntityManager, key: MappingKey): Promise<MappingHead | null> {
    return m.findOne(MappingHead, {
      where: { integrationId: key.integrationId, entity: key.entity, direction: key.direction },
    });
  }

  /**
   * The integration exists in this tenant. `lock` (FOR UPDATE) serialises saves of one
   * integration, so two saves never take the same version number, even the first one.
   */
  private async integration(m: EntityManager, id: string, lock = false): Promise<Integration> {
    const found = lock
      ? await m.findOne(Integration, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : await m.findOne(Integration, { where: { id } });
    if (!found) throw new IntegrationNotFoundError();
    return found;
  }
}

function summary(row: MappingVersion, head: Pick<MappingHead, 'activeVersion'> | null): VersionSummary {
  return {
    version: row.version,
    authorUserId: row.authorUserId,
    createdAt: row.createdAt.toISOString(),
    copiedFromVersion: row.copiedFromVersion,
    comment: row.comment,
    active: head?.activeVersion === row.version,
  };
}
