// The drain's options, dependencies and report (sync-drain.ts).
import Redis from 'ioredis';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { X3ConnectionSettings, X3Transport } from '#lb/connectors/sage-x3';
import { XeroConnector } from '#lb/connectors/xero';
import { JobProducer } from '#lb/queues';
import type { XeroToX3Deps } from '../x3-writer/drain-xero-to-x3';
import type { FillGo } from './batch-fill';

export interface DrainOptions {
  /** At most this many drains of one tenant run at once (SYNC_TENANT_DRAINS). */
  tenantConcurrency: number;
  /** A drain over the tenant's cap comes back after this long. */
  capRetryMs: number;
  /** How long a claim holds its changes if the drain dies. */
  leaseSeconds: number;
  /** How long the organisation's facts (base currency, time zone, lock dates) are reused. */
  factsTtlMs: number;
  /** How long a part batch waits for records about to be released (batch-fill.ts); 0: never. */
  fillWaitMs: number;
  /** A backfill still counts as being read while its flow accepted a change this recently (batch-fill.ts). */
  arrivingMs: number;
}

export const DEFAULT_DRAIN_OPTIONS: DrainOptions = {
  tenantConcurrency: 2,
  capRetryMs: 2_000,
  leaseSeconds: 120,
  // Lock dates change rarely, and Xero's own refusal of a locked document holds it (and forgets
  // these): 10 minutes instead of 1 took the initial load's GET Organisation calls from one a
  // minute (18 of 112 calls in a slow 4,000-record load) to one per ten.
  factsTtlMs: 600_000,
  // 0 here (the drains tests run step by step); the worker passes SYNC_BATCH_FILL_MS
  fillWaitMs: 0,
  // a page of 200 X3 records, checked for scope, takes seconds to read (1 s let part batches of
  // contacts through)
  arrivingMs: 5_000,
};

export interface DrainDeps {
  tx: TenantTransactions;
  xero: XeroConnector;
  jobs: JobProducer;
  /** For the per-tenant concurrency leases. */
  redis: Redis;
  secrets: SecretStore;
  createX3Transport: (settings: X3ConnectionSettings) => X3Transport;
  /** Whether an X3 base URL may be private (our own sandbox, or ALLOW_PRIVATE_TARGETS). */
  allowPrivateFor: (baseUrl: string) => boolean;
  /**
   * The X3 writer (libs/sync/src/x3-writer): xero-to-x3 flows, and the xero-to-x3 changes of a
   * both-ways flow's claim, are carried by it. Without it such changes are released for later.
   */
  xeroToX3?: XeroToX3Deps;
}

export interface DrainReport {
  /**
   * idle: paused, flow off or no mapping; capped: the tenant's drains are all busy (re-queued under
   * the flow's capped id); filling: a part batch held a moment for records being released.
   */
  status: 'idle' | 'capped' | 'filling' | 'empty' | 'drained' | 'rate-limited' | 'paused' | 'retrying';
  reason?: string;
  claimed: number;
  /** Records Xero now holds from this run (created or updated). */
  written: number;
  /** Batches sent (a resent batch included). */
  batches: number;
  continued: boolean;
  /** The flow this drain gave its slot to (it waited with no drain running); this one comes after. */
  handedTo?: string;
  /** Set when fewer ready records than a batch were taken without waiting, and why. */
  partBatch?: FillGo['part'];
  /** Ready changes of a thinned-out backfill claim put back in line to go with the next ones. */
  refilled?: number;
}
