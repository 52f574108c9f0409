import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { XeroRecordOutcome, XeroWriteBatch } from '../entities/xero-write-batch.entity';
import { XeroCallError } from '../errors/xero-call-error';
import { spec } from '../operations/entity-catalog';
import { XeroOrg } from '../xero-org';
import {
  isSameRecord,
  naturalKeyOf,
  outcomesFromRejection,
  outcomesFromResponse,
  updateLanded,
} from './batch-outcomes';

export { isSameRecord, naturalKeyOf } from './batch-outcomes';

type Row = Record<string, unknown>;
export const MAX_BATCH = 50;

export interface BatchResult {
  batchId: string;
  status: XeroWriteBatch['status'];
  outcomes: XeroRecordOutcome[];
}

/**
 * Batched writes. A batch is committed (payload + Idempotency-Key) before it is sent; a retry
 * resends those same bytes under that same key; after an ambiguous outcome the records are
 * first looked up by natural key, and only the ones Xero does not have are considered unsent.
 */
export class BatchWriter {
  /** Records a batch is filled to (XERO_BATCH_SIZE): writers that assemble batches stop here. */
  readonly batchSize: number;

  constructor(
    private readonly tx: TenantTransactions,
    batchSize = MAX_BATCH,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH)
      throw new Error(`the batch size is 1..${MAX_BATCH}, not ${batchSize}`);
    this.batchSize = batchSize;
  }

  /** Prepares `records` as batches of `batchSize` (in order); returns their ids. */
  async prepareAll(
    tenantId: string,
    connectionId: string,
    entity: string,
    operation: 'create' | 'upsert',
    records: Row[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < records.length; i += this.batchSize)
      ids.push(await this.prepare(tenantId, connectionId, entity, operation, records.slice(i, i + this.batchSize)));
    return ids;
  }

  async prepare(
    tenantId: string,
    connectionId: string,
    entity: string,
    operation: 'create' | 'upsert',
    records: Row[],
  ): Promise<string> {
    return this.tx.run(tenantId, (m) => this.prepareIn(m, tenantId, connectionId, entity, operation, records));
  }

  /**
   * prepare, in the caller's tenant transaction: the batch exists exactly when the caller's other
   * rows (say, the changes that name it) commit. `id` lets the caller name the batch before it exists.
   */
  async prepareIn(
    m: EntityManager,
    tenantId: string,
    connectionId: string,
    entity: string,
    operation: 'create' | 'upsert',
    records: Row[],
    id?: string,
  ): Promise<string> {
    const s = spec(entity);
    if (!records.length || records.length > MAX_BATCH)
      throw new Error(`a batch holds 1..${MAX_BATCH} records, not ${records.length}`);
    if (!(operation === 'create' ? s.create : s.upsert)) throw new Error(`${entity} has no ${operation}`);
    const batch = await m.save(
      m.create(XeroWriteBatch, {
        ...(id ? { id } : {}),
        tenantId,
        connectionId,
        entity,
        operation,
        idempotencyKey: randomUUID(),
        payload: { [s.wrapper]: records },
        recordCount: records.length,
        status: 'pending',
      }),
    );
    return batch.id;
  }

  /**
   * Sends (or resends) a prepared batch; safe to call again after any failure. `dayReserve`: the
   * day-budget calls this caller must leave to higher-priority lanes (see XeroRateLimiter.acquire).
   */
  async send(org: XeroOrg, batchId: string, opts: { dayReserve?: number } = {}): Promise<BatchResult> {
    const batch = await this.tx.run(org.tenantId, (m) => m.findOneOrFail(XeroWriteBatch, { where: { id: batchId } }));
    if (batch.status === 'done' || batch.status === 'failed') return this.result(batch);
    const s = spec(batch.entity);
    const records = batch.payload[s.wrapper] as Row[];
    const found =
      batch.status === 'ambiguous'
        ? await this.lookUp(org, batch.entity, records, opts.dayReserve)
        : new Map<number, string>();
    if (found.size === records.length) {
      const outcomes = records.map((r, index) => ({
        index,
        naturalKey: naturalKeyOf(s, r)?.value ?? null,
        status: 'ok' as const,
        xeroId: found.get(index)!,
        messages: [],
      }));
      return this.finish(org.tenantId, batch, 'done', outcomes, null);
    }

    await this.tx.run(org.tenantId, (m) =>
      m.update(XeroWriteBatch, { id: batch.id }, { status: 'sending', attempts: () => 'attempts + 1' }),
    );
    const send = batch.operation === 'create' ? s.create! : s.upsert!;
    try {
      const { body } = await org.call(
        { operation: `${batch.operation}:${batch.entity}`, isWrite: true, dayReserve: opts.dayReserve },
        (api, t) => send(api, t, records, batch.idempotencyKey),
      );
      const outcomes = outcomesFromResponse(s, records, body as Row).map((o) =>
        // Found earlier by natural key: Xero refusing it now as a duplicate means it was ours.
        o.status === 'error' && found.has(o.index)
          ? { ...o, status: 'ok' as const, xeroId: found.get(o.index)!, messages: [] }
          : o,
      );
      return this.finish(org.tenantId, batch, 'done', outcomes, null);
    } catch (e) {
      if (!(e instanceof XeroCallError)) throw e;
      if (e.kind === 'validation') {
        return this.finish(
          org.tenantId,
          batch,
          'failed',
          outcomesFromRejection(s, records, e.messages, undefined),
          e.message,
        );
      }
      const status =
        e.kind === 'unknown-outcome'
          ? 'ambiguous'
          : e.kind === 'permanent' || e.kind === 'not-found'
            ? 'failed'
            : 'pending';
      await this.tx.run(org.tenantId, (m) =>
        m.update(XeroWriteBatch, { id: batch.id }, { status, lastError: `${e.kind}: ${e.message}` }),
      );
      throw e;
    }
  }

  async get(tenantId: string, batchId: string): Promise<BatchResult> {
    return this.result(await this.tx.run(tenantId, (m) => m.findOneOrFail(XeroWriteBatch, { where: { id: batchId } })));
  }

  /** Batches of a connection that still need sending (pending or ambiguous), oldest first. */
  async open(tenantId: string, connectionId: string, limit = 100): Promise<string[]> {
    const rows = await this.tx.run(tenantId, (m) =>
      m.find(XeroWriteBatch, {
        where: { connectionId, status: In(['pending', 'sending', 'ambiguous']) },
        order: { createdAt: 'ASC' },
        take: limit,
        select: ['id'],
      }),
    );
    return rows.map((r) => r.id);
  }

  /**
   * Natural-key lookup: index of each record Xero already has → its Xero id. A hit counts only when
   * it is the same record (isSameRecord: type, contact and our X3 key all match), never on
   * InvoiceNumber alone (a bill's is the supplier's number, unique per supplier only).
   */
  private async lookUp(
    org: XeroOrg,
    entity: string,
    records: Row[],
    dayReserve?: number,
  ): Promise<Map<number, string>> {
    const s = spec(entity);
    const found = new Map<number, string>();
    if (!s.findByKeys) return found;
    const byField = new Map<string, Array<{ index: number; value: string }>>();
    records.forEach((r, index) => {
      const k = naturalKeyOf(s, r);
      if (k) byField.set(k.field, [...(byField.get(k.field) ?? []), { index, value: k.value }]);
    });
    for (const [field, wanted] of byField) {
      const { body } = await org.call({ operation: `lookup:${entity}`, isWrite: false, dayReserve }, (api, t) =>
        s.findByKeys!(
          api,
          t,
          field,
          wanted.map((w) => w.value),
        ),
      );
      const existing = ((body as Row)[s.wrapper] as Row[] | undefined) ?? [];
      for (const w of wanted) {
        const hit = existing.find(
          (e) =>
            e[field] === w.value &&
            // a deletion we sent (a draft an invoice took over) is found deleted; anything else is not ours
            (e.status !== 'DELETED' || records[w.index].status === 'DELETED') &&
            e.status !== 'VOIDED' &&
            isSameRecord(records[w.index], e) &&
            updateLanded(records[w.index], e, s.idField),
        );
        if (hit && typeof hit[s.idField] === 'string') found.set(w.index, hit[s.idField] as string);
      }
    }
    return found;
  }

  private async finish(
    tenantId: string,
    batch: XeroWriteBatch,
    status: 'done' | 'failed',
    outcomes: XeroRecordOutcome[],
    lastError: string | null,
  ): Promise<BatchResult> {
    await this.tx.run(tenantId, (m) =>
      m.update(XeroWriteBatch, { id: batch.id }, { status, outcomes, lastError, completedAt: new Date() }),
    );
    return { batchId: batch.id, status, outcomes };
  }

  private result(b: XeroWriteBatch): BatchResult {
    return { batchId: b.id, status: b.status, outcomes: b.outcomes ?? [] };
  }
}
