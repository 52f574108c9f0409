import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bull';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { OUTBOX_LANE } from './outbox-lane';
import { ClaimedJob, OutboxStore } from './outbox-store';

/** The channel the outbox's insert trigger notifies on commit. */
export const OUTBOX_CHANNEL = 'lb_job_outbox';

export interface OutboxRelaySettings {
  /** Safety-net poll when no notification arrives (LISTEN reconnecting, released rows due). */
  pollMs: number;
  /** A Redis add that has not answered by then counts as failed (Redis down must not stall us). */
  addTimeoutMs: number;
  /** How long a claimed row is ours; a relay that dies frees its rows after this. */
  leaseSeconds: number;
  batchSize: number;
}

export const OUTBOX_RELAY_SETTINGS = Symbol('OUTBOX_RELAY_SETTINGS');

export const DEFAULT_RELAY_SETTINGS: OutboxRelaySettings = {
  pollMs: 2_000,
  addTimeoutMs: 3_000,
  leaseSeconds: 30,
  batchSize: 100,
};

/** Retries never wait longer than this, so work resumes soon after Redis returns. */
const MAX_RETRY_SECONDS = 10;

class AddTimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AddTimeoutError(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves committed outbox rows into Bull. Every api and worker process runs one; any number may
 * run side by side (rows are leased with SKIP LOCKED). It wakes on the insert trigger's NOTIFY,
 * which PostgreSQL delivers only after commit, and polls as a safety net. A row is deleted only
 * after Bull has the job, so a Redis outage delays work and loses none; adds reuse the row's
 * jobId, so a row added twice (lease expired mid-add) is still one job.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly store: OutboxStore;
  private readonly settings: OutboxRelaySettings;
  private listener: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failures = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    @Inject(OUTBOX_LANE) private readonly lane: string,
    @Optional() @Inject(OUTBOX_RELAY_SETTINGS) settings?: Partial<OutboxRelaySettings>,
  ) {
    this.store = new OutboxStore(dataSource);
    this.settings = { ...DEFAULT_RELAY_SETTINGS, ...settings };
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    void this.listen();
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  /** Drain now (coalesced: a call during a drain makes it go round once more). */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        await this.drainOnce();
      } while (this.again && !this.stopped);
    })().finally(() => (this.draining = null));
    return this.draining;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.kick().finally(() => this.schedule(this.nextPollMs()));
    }, ms);
    this.timer.unref();
  }

  /** Back off while Redis or PostgreSQL keeps failing, up to MAX_RETRY_SECONDS. */
  private nextPollMs(): number {
    if (this.failures === 0) return this.settings.pollMs;
    return Math.min(MAX_RETRY_SECONDS * 1000, this.settings.pollMs * 2 ** this.failures);
  }

  private async drainOnce(): Promise<void> {
    try {
      for (;;) {
        const claimed = await this.store.claim(this.lane, this.settings.batchSize, this.settings.leaseSeconds);
        if (claimed.length === 0) break;
        const added = await this.addAll(claimed);
        await this.store.done(added);
        if (added.length < claimed.length) return; // Redis refused: keep backing off
        if (claimed.length < this.settings.batchSize) break;
      }
      this.failures = 0;
    } catch (e) {
      this.failures = Math.min(this.failures + 1, 10);
      this.logger.warn({ err: e }, 'outbox relay could not drain; will retry');
    }
  }

  /** Adds in order; at the first failure the rest are released for a later try. */
  private async addAll(claimed: ClaimedJob[]): Promise<string[]> {
    const added: string[] = [];
    for (let i = 0; i < claimed.length; i++) {
      const job = claimed[i];
      try {
        const queue = this.moduleRef.get<Queue>(getQueueToken(job.queue), { strict: false });
        const delay = job.delayMs;
        await withTimeout(
          queue.add(job.job, job.payload, {
            // Always an id: an add that timed out here may still land, and a second add of the
            // same row must then be the same job, not a duplicate.
            jobId: job.jobId ?? `outbox:${job.id}`,
            ...(job.priority ? { priority: job.priority } : {}),
            ...(delay > 0 ? { delay } : {}),
          }),
          this.settings.addTimeoutMs,
        );
        added.push(job.id);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.failures = Math.min(this.failures + 1, 10);
        this.logger.warn({ outboxId: job.id, queue: job.queue, job: job.job }, `outbox add failed: ${message}`);
        // This row waits a little (growing with its attempts); the untried rest are free at once.
        await this.store.release(job.id, message, Math.min(MAX_RETRY_SECONDS, 2 ** Math.min(job.attempts, 4)));
        for (const rest of claimed.slice(i + 1)) await this.store.release(rest.id, message, 0);
        return added;
      }
    }
    return added;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const url = (this.dataSource.options as PostgresConnectionOptions).url;
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    const retry = () => {
      if (this.listener === client) this.listener = null;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen(), 2_000).unref();
    };
    client.on('error', (e) => {
      this.logger.warn({ err: e }, 'outbox listener lost its connection; reconnecting');
      retry();
    });
    client.on('notification', () => void this.kick());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) return void client.end().catch(() => undefined);
      this.listener = client;
      void this.kick(); // anything committed while we were not listening
    } catch (e) {
      this.logger.warn({ err: e }, 'outbox listener could not connect; polling meanwhile');
      retry();
    }
  }
}
