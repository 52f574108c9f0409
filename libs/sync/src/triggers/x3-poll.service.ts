// One poll of one X3-reading flow: its changes since the cursor into pending changes, a page at a
// time (accept + delivery marks + drain in one transaction), the cursor saved only once the stream
// was read to its end; then the flow's waiting prerequisites, and the comparison when it is due.
// No transaction is open while X3 is read.
import { EntityManager } from 'typeorm';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import {
  isWideRead,
  X3ConnectionSettings,
  X3ConnectionStore,
  X3DeliveryStore,
  X3Record,
  X3SyncCursor,
  X3Transport,
} from '#lb/connectors/sage-x3';
import { JobProducer } from '#lb/queues';
import { FlowVersions } from '../flows';
import { FlowScope, LANES, PendingChanges } from '../pending';
import { acceptPage, ACCEPT_PAGE, itemOf, PageDeps } from './accept-page';
import { compareWithX3, CompareResult, hasDeliveries } from './x3-compare';
import { selectInScope } from './master-scope';
import { SyncPollSchedule } from './poll-schedule.entity';
import { pullWaitingPrerequisites } from './x3-prerequisites';
import { requestWidePoll } from './poll-jobs';
import { loadPollContext, PollSkip, X3PollContext } from './x3-poll-context';

/** How often a flow's poll also compares the whole entity (the sweep's polls; "run now" may force it). */
export const COMPARE_EVERY_SECONDS = 3600;
/** Records per X3 page (X3's GraphQL allows 1,000). */
export const X3_PAGE_SIZE = 1000;

export interface X3PollDeps {
  tx: TenantTransactions;
  secrets: SecretStore;
  jobs: JobProducer;
  createTransport: (settings: X3ConnectionSettings) => X3Transport;
  /** Whether the X3 base URL may be private (our own sandbox, or ALLOW_PRIVATE_TARGETS). */
  allowPrivateFor: (baseUrl: string) => boolean;
}

export interface PollOptions {
  lane: number;
  /** 'auto': when COMPARE_EVERY_SECONDS have passed since the last comparison. */
  compare?: 'auto' | 'always' | 'never';
  /** Test seam: runs after every page is accepted and before the cursor is saved. */
  beforeCursorSave?: () => Promise<void>;
  /**
   * 'auto' (scheduled polls): narrow, and when the wide re-read of the overlap is due it is queued
   * as a poll of its own ('wide'), so a read of a whole busy window never holds the 5 s polls back.
   */
  window?: 'auto' | 'wide';
}

export type PollOutcome =
  | { status: 'skipped'; reason: PollSkip }
  | { status: 'polled'; accepted: number; prerequisites: number; compared: CompareResult | null };

export class X3Poll {
  private readonly store: X3ConnectionStore;
  private readonly flows: FlowVersions;
  private readonly page: PageDeps;

  constructor(private readonly d: X3PollDeps) {
    this.store = new X3ConnectionStore(d.secrets);
    this.flows = new FlowVersions(d.tx);
    this.page = { pending: new PendingChanges(), deliveries: new X3DeliveryStore(d.tx), jobs: d.jobs };
  }

  async poll(tenantId: string, scope: FlowScope, opts: PollOptions): Promise<PollOutcome> {
    const ctx = await this.d.tx.run(tenantId, (m) =>
      loadPollContext(m, this.store, this.flows, tenantId, scope.integrationId, scope.flowKey),
    );
    if (typeof ctx === 'string') return { status: 'skipped', reason: ctx };
    const transport = this.d.createTransport({
      ...ctx.settings,
      companies: [ctx.integration.x3Company],
      allowPrivateTargets: this.d.allowPrivateFor(ctx.settings.baseUrl),
    });
    try {
      const due =
        opts.compare === 'always' ||
        (opts.compare !== 'never' &&
          (!ctx.comparedAt || Date.now() - ctx.comparedAt.getTime() >= COMPARE_EVERY_SECONDS * 1000));
      if (opts.window !== 'wide' && ctx.cursor.stamp !== null && isWideRead(ctx.cursor)) {
        await requestWidePoll(this.d.jobs, tenantId, scope);
      }
      const outcome = await this.pollNode(transport, ctx, scope, opts, due);
      // a flow reading a further node (credit notes: PINVOICE too) polls it with its own cursor
      for (const node of ctx.otherNodes) {
        const more = await this.d.tx.run(tenantId, (m) =>
          loadPollContext(m, this.store, this.flows, tenantId, scope.integrationId, scope.flowKey, node),
        );
        if (typeof more === 'string') continue;
        const o = await this.pollNode(transport, more, scope, opts, due);
        outcome.accepted += o.accepted;
        outcome.prerequisites += o.prerequisites;
        if (outcome.compared && o.compared) {
          for (const k of ['read', 'changed', 'deleted'] as const) outcome.compared[k] += o.compared[k];
        }
      }
      if (due) await this.d.tx.run(tenantId, (m) => this.markCompared(m, tenantId, scope));
      await this.d.tx.run(tenantId, (m) => recordPollOutcome(m, tenantId, scope, 'ok'));
      return outcome;
    } catch (error) {
      // the sweep then waits longer before the next poll of this flow (lb_sync_claim_due_polls)
      await this.d.tx.run(tenantId, (m) => recordPollOutcome(m, tenantId, scope, 'failed')).catch(() => undefined);
      throw error;
    } finally {
      transport.close();
    }
  }

  private async pollNode(
    transport: X3Transport,
    ctx: X3PollContext,
    scope: FlowScope,
    opts: PollOptions,
    due: boolean,
  ): Promise<{ status: 'polled'; accepted: number; prerequisites: number; compared: CompareResult | null }> {
    // A first read (no mark yet) is a backfill whoever asked for it (a switch-on "run now" asks at
    // the interactive lane): it then counts, pauses and leaves the day's higher shares as one.
    if (ctx.cursor.stamp === null) opts = { ...opts, lane: LANES.backfill };
    // A first read (no cursor, nothing delivered) reads every record of the entity: comparing them
    // again would read the folder twice (10,000 invoices, in the initial load) and find nothing.
    const firstRead =
      due && opts.compare !== 'always' && ctx.cursor.stamp === null && !(await hasDeliveries(this.d.tx, ctx));
    const accepted = await this.readChanges(transport, ctx, scope, opts);
    const prerequisites = await pullWaitingPrerequisites(
      { ...this.page, tx: this.d.tx },
      transport,
      ctx,
      scope,
      opts.lane,
    );
    const compared =
      due && !firstRead ? await compareWithX3({ ...this.page, tx: this.d.tx }, transport, ctx, scope, opts.lane) : null;
    return { status: 'polled', accepted, prerequisites, compared };
  }

  private async readChanges(
    transport: X3Transport,
    ctx: X3PollContext,
    scope: FlowScope,
    opts: PollOptions,
  ): Promise<number> {
    const stream = transport.listChanged(ctx.source.node, {
      cursor: ctx.cursor,
      delivered: this.page.deliveries.hashes(ctx.delivery),
      pageSize: X3_PAGE_SIZE,
      window: opts.window === 'wide' ? 'wide' : 'narrow',
    });
    let accepted = 0;
    let page: X3Record[] = [];
    const flush = async () => {
      const delivered = await this.deliveredOf(ctx, page);
      const taken = await selectInScope(transport, ctx.source, ctx.filter, page, delivered);
      await this.d.tx.run(ctx.delivery.tenantId, (m) =>
        acceptPage(
          m,
          this.page,
          ctx,
          scope,
          opts.lane,
          taken.map((r) => itemOf(r, stream.deliveryOf(r))),
        ),
      );
      accepted += taken.length;
      page = [];
    };
    for await (const record of stream) {
      if (!ctx.source.belongs(record)) continue;
      page.push(record);
      if (page.length >= ACCEPT_PAGE) await flush();
    }
    if (page.length) await flush();
    await opts.beforeCursorSave?.();
    await this.d.tx.run(ctx.delivery.tenantId, (m) =>
      this.saveCursor(m, ctx.delivery.tenantId, scope, ctx.cursorSide, stream.nextCursor()),
    );
    return accepted;
  }

  /** Keys of the page delivered to the flow before (shared records in scope stay in scope). */
  private async deliveredOf(ctx: X3PollContext, page: X3Record[]): Promise<Set<string>> {
    if (ctx.source.scope !== 'parties' && ctx.source.scope !== 'products') return new Set();
    const last = await this.d.tx.runReadOnly(ctx.delivery.tenantId, (m) =>
      this.page.deliveries.lastDelivered(
        m,
        ctx.delivery,
        page.map((r) => r._id),
      ),
    );
    return new Set(last.keys());
  }

  /**
   * Never moves the high-water mark nor the last wide read back: two polls of a flow may overlap
   * ("run now" and the sweep's, a narrow one and a wide one), and each keeps the newer of each.
   */
  private async saveCursor(
    m: EntityManager,
    tenantId: string,
    scope: FlowScope,
    side: string,
    next: X3SyncCursor,
  ): Promise<void> {
    await m.query(
      `INSERT INTO sync_flow_cursors AS c (tenant_id, integration_id, flow_key, side, cursor, polled_at)
       VALUES ($1, $2, $3, $5, $4::jsonb, now())
       ON CONFLICT (tenant_id, integration_id, flow_key, side) DO UPDATE SET
         cursor = jsonb_build_object(
           'stamp', CASE WHEN EXCLUDED.cursor->>'stamp' IS NULL THEN c.cursor->'stamp'
                         WHEN c.cursor->>'stamp' IS NULL
                           OR (EXCLUDED.cursor->>'stamp')::timestamptz >= (c.cursor->>'stamp')::timestamptz
                         THEN EXCLUDED.cursor->'stamp' ELSE c.cursor->'stamp' END,
           'overlapSeconds', EXCLUDED.cursor->'overlapSeconds',
           'wideReadAt', CASE WHEN EXCLUDED.cursor->>'wideReadAt' IS NULL THEN c.cursor->'wideReadAt'
                              WHEN c.cursor->>'wideReadAt' IS NULL
                                OR (EXCLUDED.cursor->>'wideReadAt')::timestamptz > (c.cursor->>'wideReadAt')::timestamptz
                              THEN EXCLUDED.cursor->'wideReadAt' ELSE c.cursor->'wideReadAt' END),
         polled_at = now(), updated_at = now()`,
      [tenantId, scope.integrationId, scope.flowKey, JSON.stringify(next), side],
    );
  }

  private async markCompared(m: EntityManager, tenantId: string, scope: FlowScope): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(SyncPollSchedule)
      .values({ tenantId, integrationId: scope.integrationId, flowKey: scope.flowKey, comparedAt: () => 'now()' })
      .orUpdate(['compared_at', 'updated_at'], ['tenant_id', 'integration_id', 'flow_key'])
      .execute();
  }
}

/**
 * Counts failed polls in a row on the flow's schedule (its backoff); a poll that works resets it.
 * A failure counts once per claim of the sweep (poll_failed_at before enqueued_at): Bull's retries of
 * the claimed poll, and a wide or "run now" poll failing beside it, meet the same outage.
 */
async function recordPollOutcome(
  m: EntityManager,
  tenantId: string,
  scope: FlowScope,
  outcome: 'ok' | 'failed',
): Promise<void> {
  if (outcome === 'ok') {
    await m.query(
      `UPDATE sync_poll_schedules SET poll_failures = 0, poll_failed_at = NULL, updated_at = now()
       WHERE integration_id = $1 AND flow_key = $2 AND (poll_failures > 0 OR poll_failed_at IS NOT NULL)`,
      [scope.integrationId, scope.flowKey],
    );
    return;
  }
  await m.query(
    `INSERT INTO sync_poll_schedules AS s (tenant_id, integration_id, flow_key, poll_failures, poll_failed_at)
     VALUES ($1, $2, $3, 1, clock_timestamp())
     ON CONFLICT (tenant_id, integration_id, flow_key) DO UPDATE SET
       poll_failures = CASE WHEN s.poll_failed_at IS NULL OR s.poll_failed_at < s.enqueued_at
                            THEN s.poll_failures + 1 ELSE s.poll_failures END,
       poll_failed_at = clock_timestamp(), updated_at = now()`,
    [tenantId, scope.integrationId, scope.flowKey],
  );
}
