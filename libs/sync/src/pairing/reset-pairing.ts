import { EntityManager } from 'typeorm';
import { CrossReferences } from '../cross-references/cross-references.service';

export interface PairingReset {
  archivedCrossReferences: number;
  droppedCursors: number;
  droppedDeliveries: number;
  cancelledChanges: number;
  /** First-connection matching is run and confirmed again before the next first write. */
  matchingCleared: boolean;
}

/**
 * An integration re-pointed at another Xero organisation, X3 connection or company starts over:
 * its cross-references are archived (kept for history, never used to decide a write again), its
 * cursors and delivered-record hashes go (the new source is read from the start), and the changes
 * still open for the old pairing are closed unwritten — they were read from, or meant for, the
 * other systems; first-connection matching must be run and confirmed again. Runs in the caller's transaction, with the re-point itself.
 */
export async function resetPairing(m: EntityManager, integrationId: string): Promise<PairingReset> {
  const archivedCrossReferences = await new CrossReferences().archiveIntegration(m, integrationId);
  const [, droppedCursors] = await m.query<[unknown[], number]>(
    `DELETE FROM sync_flow_cursors WHERE integration_id = $1`,
    [integrationId],
  );
  // Delivery hashes are kept per consumer `${integrationId}:${flowKey}` (see the X3 poll).
  const [, droppedDeliveries] = await m.query<[unknown[], number]>(
    `DELETE FROM x3_delivered_records WHERE consumer LIKE $1 ESCAPE '\\'`,
    [`${integrationId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`],
  );
  const [, cancelledChanges] = await m.query<[unknown[], number]>(
    `UPDATE sync_pending_changes
       SET state = 'done', claim_id = NULL, claimed_until = NULL, waiting_on = NULL, dirty = false,
           outcome = jsonb_build_object('action', 'skipped', 'messages',
                       jsonb_build_array('The integration was re-pointed before this change was written')),
           settled_at = now(), updated_at = now()
     WHERE integration_id = $1 AND state IN ('pending', 'claimed', 'waiting', 'held')`,
    [integrationId],
  );
  // The matches and confirmed renames were made against the old organisation's records.
  await m.query(`DELETE FROM sync_match_proposals WHERE integration_id = $1`, [integrationId]);
  await m.query(`DELETE FROM sync_contact_names WHERE integration_id = $1`, [integrationId]);
  const [, matchings] = await m.query<[unknown[], number]>(`DELETE FROM sync_matchings WHERE integration_id = $1`, [
    integrationId,
  ]);
  return {
    archivedCrossReferences,
    droppedCursors,
    droppedDeliveries,
    cancelledChanges,
    matchingCleared: matchings > 0,
  };
}
