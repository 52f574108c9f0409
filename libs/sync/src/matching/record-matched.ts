// Confirmed pairs as cross-references, in bulk: the same upsert as CrossReferences.record with
// kind 'read' (state 'matched'; an archived row starts over, a live one keeps its write history),
// one statement per 1,000 pairs instead of two per pair — a confirmation of 20,000 pairs is one
// request. matching-confirm.int-spec.ts checks the rows equal what record() leaves.
import { EntityManager } from 'typeorm';
import type { MatchEntity } from './match-types';

const CHUNK = 1000;

export interface MatchedPair {
  entity: MatchEntity;
  x3Key: string;
  xeroId: string;
  xeroNaturalKey: string | null;
  contentHash: string;
}

export async function recordMatchedPairs(
  m: EntityManager,
  tenantId: string,
  integrationId: string,
  pairs: MatchedPair[],
): Promise<void> {
  for (let at = 0; at < pairs.length; at += CHUNK) {
    const chunk = pairs.slice(at, at + CHUNK);
    await m.query(
      `INSERT INTO sync_cross_references AS t
         (tenant_id, integration_id, entity, x3_key, xero_id, xero_natural_key, content_hash,
          mapping_version, last_written_at, state)
       SELECT $1, $2, u.entity, u.x3_key, u.xero_id, u.natural_key, u.content_hash, NULL, NULL, 'matched'
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
            AS u(entity, x3_key, xero_id, natural_key, content_hash)
       ON CONFLICT ON CONSTRAINT uq_sync_cross_references_x3_key DO UPDATE SET
         xero_id = CASE WHEN t.state = 'archived' THEN EXCLUDED.xero_id ELSE COALESCE(EXCLUDED.xero_id, t.xero_id) END,
         xero_natural_key = CASE WHEN t.state = 'archived' THEN EXCLUDED.xero_natural_key
                                 ELSE COALESCE(EXCLUDED.xero_natural_key, t.xero_natural_key) END,
         content_hash = EXCLUDED.content_hash,
         mapping_version = CASE WHEN t.state = 'archived' THEN NULL ELSE t.mapping_version END,
         last_written_at = CASE WHEN t.state = 'archived' THEN NULL ELSE t.last_written_at END,
         state = CASE WHEN t.state = 'archived' THEN 'matched' ELSE t.state END,
         updated_at = now()`,
      [
        tenantId,
        integrationId,
        chunk.map((p) => p.entity),
        chunk.map((p) => p.x3Key),
        chunk.map((p) => p.xeroId),
        chunk.map((p) => p.xeroNaturalKey),
        chunk.map((p) => p.contentHash),
      ],
    );
  }
}
