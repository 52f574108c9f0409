import { EntityManager, In, Not } from 'typeorm';
import type { CanonicalEntity, SourceOrigin } from '#lb/mapping';
import { canonicalContentHash } from '../hash/content-hash';
import { CrossReferenceState, SyncCrossReference } from './cross-reference.entity';

/** Keys per lookup query: one round trip for a page of up to 1,000 records. */
export const CROSS_REFERENCE_LOOKUP_CHUNK = 1000;

export interface CrossReferenceScope {
  integrationId: string;
  entity: CanonicalEntity;
}

/** 'unchanged' costs no write: the hash equals the snapshot last written or read (echo suppression). */
export type SyncDecision = 'unchanged' | 'create' | 'update';

export interface Decided {
  decision: SyncDecision;
  /** The hash to record once the write (or read) is done. */
  contentHash: string;
  reference: SyncCrossReference | undefined;
}

/** What decide needs of a canonical record: its X3 key and, when read from Xero, its Xero id. */
export interface KeyedRecord {
  key: string;
  origin?: SourceOrigin;
}

export interface RecordedSnapshot extends CrossReferenceScope {
  x3Key: string;
  xeroId?: string | null;
  xeroNaturalKey?: string | null;
  contentHash: string;
  /** A write we made ('written', with its mapping version), or a snapshot we read or matched. */
  kind: 'write' | 'read';
  mappingVersion?: number | null;
  /** Xero's UpdatedDateUTC of the record as written or read; unknown keeps the one recorded. */
  xeroUpdatedAt?: string | null;
  /** The X3 record as now synced (both-ways parties); undefined keeps the one recorded, null forgets it. */
  x3Snapshot?: Record<string, unknown> | null;
}

/**
 * The cross-reference store. Every method works in the caller's tenant transaction (RLS scopes it
 * to the tenant), so recording a write commits or rolls back with the rest of that work.
 */
export class CrossReferences {
  byX3Keys(m: EntityManager, scope: CrossReferenceScope, x3Keys: string[]): Promise<Map<string, SyncCrossReference>> {
    return this.lookup(m, scope, 'x3Key', x3Keys);
  }

  byXeroIds(m: EntityManager, scope: CrossReferenceScope, xeroIds: string[]): Promise<Map<string, SyncCrossReference>> {
    return this.lookup(m, scope, 'xeroId', xeroIds);
  }

  /** Looks the record up (by Xero id when it was read from Xero, else by X3 key) and decides. */
  async decide(m: EntityManager, scope: CrossReferenceScope, record: KeyedRecord): Promise<Decided> {
    const fromXero = record.origin?.system === 'xero';
    const key = fromXero ? record.origin!.key : record.key;
    const found = fromXero ? await this.byXeroIds(m, scope, [key]) : await this.byX3Keys(m, scope, [key]);
    return decideAgainst(found.get(key), record);
  }

  /** Upsert on (integration, entity, X3 key): the same write recorded twice leaves one row. */
  async record(m: EntityManager, tenantId: string, s: RecordedSnapshot): Promise<SyncCrossReference> {
    const wrote = s.kind === 'write';
    if (s.xeroId) {
      // An archived row (the pairing before a re-point) keeps its history but no longer holds the
      // Xero id: the same Xero record may now be linked under another X3 key.
      await m.query(
        `UPDATE sync_cross_references SET xero_id = NULL, updated_at = now()
         WHERE integration_id = $1 AND entity = $2 AND xero_id = $3 AND state = 'archived' AND x3_key <> $4`,
        [s.integrationId, s.entity, s.xeroId, s.x3Key],
      );
    }
    await m.query(
      `INSERT INTO sync_cross_references AS t
         (tenant_id, integration_id, entity, x3_key, xero_id, xero_natural_key, content_hash,
          mapping_version, last_written_at, state, xero_updated_at, x3_snapshot)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 THEN now() END, CASE WHEN $9 THEN 'written' ELSE 'matched' END,
               $10::timestamptz, $11::jsonb)
       ON CONFLICT ON CONSTRAINT uq_sync_cross_references_x3_key DO UPDATE SET
         -- an archived row belonged to the previous pairing: nothing of it carries over
         xero_id = CASE WHEN t.state = 'archived' THEN EXCLUDED.xero_id ELSE COALESCE(EXCLUDED.xero_id, t.xero_id) END,
         xero_natural_key = CASE WHEN t.state = 'archived' THEN EXCLUDED.xero_natural_key
                                 WHEN t.state = 'merged' THEN t.xero_natural_key
                                 ELSE COALESCE(EXCLUDED.xero_natural_key, t.xero_natural_key) END,
         content_hash = EXCLUDED.content_hash,
         mapping_version = CASE WHEN $9 OR t.state = 'archived' THEN EXCLUDED.mapping_version ELSE t.mapping_version END,
         last_written_at = CASE WHEN $9 THEN EXCLUDED.last_written_at
                                WHEN t.state = 'archived' THEN NULL ELSE t.last_written_at END,
         -- a draft merged into its posted invoice stays merged (an order's write racing the take-over)
         state = CASE WHEN t.state = 'merged' THEN 'merged' WHEN $9 THEN 'written'
                      WHEN t.state = 'archived' THEN 'matched' ELSE t.state END,
         xero_updated_at = CASE WHEN t.state = 'archived' THEN EXCLUDED.xero_updated_at
                                ELSE COALESCE(EXCLUDED.xero_updated_at, t.xero_updated_at) END,
         x3_snapshot = CASE WHEN t.state = 'archived' OR $12 THEN EXCLUDED.x3_snapshot ELSE t.x3_snapshot END,
         updated_at = now()`,
      [
        tenantId,
        s.integrationId,
        s.entity,
        s.x3Key,
        s.xeroId ?? null,
        s.xeroNaturalKey ?? null,
        s.contentHash,
        wrote ? (s.mappingVersion ?? null) : null,
        wrote,
        s.xeroUpdatedAt ?? null,
        s.x3Snapshot ? JSON.stringify(s.x3Snapshot) : null,
        s.x3Snapshot !== undefined,
      ],
    );
    return m.findOneOrFail(SyncCrossReference, {
      where: { integrationId: s.integrationId, entity: s.entity, x3Key: s.x3Key },
    });
  }

  /** Archives every live row of an integration (it was re-pointed); returns how many. */
  async archiveIntegration(m: EntityManager, integrationId: string): Promise<number> {
    const result = await m.update(
      SyncCrossReference,
      { integrationId, state: Not<CrossReferenceState>('archived') },
      { state: 'archived' },
    );
    return result.affected ?? 0;
  }

  private async lookup(
    m: EntityManager,
    scope: CrossReferenceScope,
    column: 'x3Key' | 'xeroId',
    keys: string[],
  ): Promise<Map<string, SyncCrossReference>> {
    const found = new Map<string, SyncCrossReference>();
    const unique = [...new Set(keys)];
    for (let at = 0; at < unique.length; at += CROSS_REFERENCE_LOOKUP_CHUNK) {
      const chunk = unique.slice(at, at + CROSS_REFERENCE_LOOKUP_CHUNK);
      const rows = await m.find(SyncCrossReference, {
        where: { integrationId: scope.integrationId, entity: scope.entity, [column]: In(chunk) },
      });
      for (const row of rows) found.set(row[column]!, row);
    }
    return found;
  }
}

/** The decision for a record against its reference (pure: for a page already looked up in bulk). */
export function decideAgainst(reference: SyncCrossReference | undefined, record: KeyedRecord): Decided {
  const hash = canonicalContentHash(record);
  const live = reference && reference.state !== 'archived' ? reference : undefined;
  if (!live) return { decision: 'create', contentHash: hash, reference };
  // Known from X3 but never written to Xero (nor matched there): it still has to be created.
  if (record.origin?.system !== 'xero' && live.xeroId === null) {
    return { decision: 'create', contentHash: hash, reference };
  }
  if (live.contentHash === hash) return { decision: 'unchanged', contentHash: hash, reference };
  return { decision: 'update', contentHash: hash, reference };
}
