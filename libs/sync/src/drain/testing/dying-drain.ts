// A drain whose process dies at a point of the write, for the exactly-once proofs: after preparing
// its batch (nothing sent), or after sending it (Xero holds the records, nothing recorded here).
// Its lease is 0 s, so the next drain takes the claim again at once, as after a real crash.
import { createX3Transport } from '#lb/connectors/sage-x3';
import { XeroOrg } from '#lb/connectors/xero';
import { SyncDrain } from '../sync-drain';
import type { DrainWorld } from './drain-world';

export class DyingDrain extends SyncDrain {
  constructor(
    w: DrainWorld,
    private readonly when: 'after prepare' | 'after send' = 'after prepare',
  ) {
    super(
      {
        tx: w.h.tx,
        xero: w.xero,
        jobs: w.jobs,
        redis: w.h.redis,
        secrets: w.h.secrets,
        createX3Transport,
        allowPrivateFor: () => true,
      },
      { leaseSeconds: 0 },
    );
  }

  protected override async sendAndApply(
    org: XeroOrg,
    _context: unknown,
    _claimId: string,
    batchId: string,
  ): Promise<void> {
    if (this.when === 'after send') await this.d.xero.batches.send(org, batchId);
    throw new Error('killed');
  }
}
