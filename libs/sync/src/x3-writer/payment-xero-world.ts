// Test world of the xero-to-x3 payments flow: the drain world (sandboxes over HTTP, PostgreSQL,
// Redis), a drain that carries xero-to-x3 flows to X3 as the worker's does, and per pair the
// 'xero-payments' flow with the starter reverse payment mapping. Payments are made in Xero as a
// user would (the Xero API), polled as the product polls them (If-Modified-Since), and drained.
import { AuditTrail } from '#lb/accounts';
import { createX3Transport, X3Record, X3Transport, X3UnknownOutcomeError } from '#lb/connectors/sage-x3';
import { checkMappingDocument, MappingVersions, StarterEntity, starterTemplate } from '#lb/mapping';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import type { FlowDocument } from '../flows/flow-document';
import { FlowVersions } from '../flows/flow-versions.service';
import { Lane } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import { SyncDrain } from '../drain/sync-drain';
import { DrainWorld, drainUntilQuiet, Pair, pairWithFlows, x3Records } from '../drain/testing/drain-world';
import { PaymentWorld } from '../drain/testing/payment-world';
import { pollXeroFlow } from '../xero-intake/xero-poller';
import type { XeroToX3Deps } from './drain-xero-to-x3';
import { x3OpenerFor, X3Opener } from './x3-opener';

type Json = Record<string, unknown>;

export const XERO_PAYMENTS = 'xero-payments';

/** The flow as a tenant would save it: Xero Payments, polled, to X3 payments. */
export const XERO_PAYMENTS_FLOW: FlowDocument = {
  entity: 'payment',
  direction: 'xero-to-x3',
  trigger: { kind: 'schedule', everySeconds: 300 },
  steps: [
    { kind: 'transform', mapping: { direction: 'xero-to-x3', version: 'active' } },
    { kind: 'action', action: 'upsert' },
  ],
  options: {},
  enabled: true,
};

export class XeroPaymentWorld {
  readonly t: PaymentWorld;
  readonly versions: MappingVersions;
  readonly drain: SyncDrain;
  /** The X3 opener the drain uses; a test may wrap it (a create whose answer is lost). */
  openX3: X3Opener;
  private readonly pending = new PendingChanges();

  constructor(readonly w: DrainWorld) {
    this.t = new PaymentWorld(w);
    this.versions = new MappingVersions(w.h.tx, new AuditTrail(), checkMappingDocument);
    this.openX3 = x3OpenerFor(w.h.secrets, () => true);
    this.drain = new SyncDrain({
      tx: w.h.tx,
      xero: w.xero,
      jobs: w.jobs,
      redis: w.h.redis,
      secrets: w.h.secrets,
      createX3Transport,
      allowPrivateFor: () => true,
      xeroToX3: this.deps(),
    });
  }

  deps(): XeroToX3Deps {
    return {
      tx: this.w.h.tx,
      jobs: this.w.jobs,
      orgs: this.w.xero.orgs,
      versions: this.versions,
      openX3: (m, integration) => this.openX3(m, integration),
    };
  }

  /** A fresh organisation paired with NZ10, its x3-to-xero flows, and the xero-payments flow. */
  async pair(entities: StarterEntity[]): Promise<Pair> {
    const pair = await pairWithFlows(this.w, entities);
    await this.saveXeroToX3Flow(pair, XERO_PAYMENTS, 'payment', XERO_PAYMENTS_FLOW);
    return pair;
  }

  /** A xero-to-x3 flow saved as a tenant would, on the starter reverse mapping of its entity. */
  async saveXeroToX3Flow(pair: Pair, flowKey: string, entity: StarterEntity, flow: FlowDocument): Promise<void> {
    await this.versions.save(
      pair.tenantId,
      { integrationId: pair.integrationId, entity, direction: 'xero-to-x3' },
      { document: starterTemplate('NZ', entity, 'xero-to-x3') },
      { actor: { kind: 'system', id: null }, origin: {} },
    );
    await new FlowVersions(this.w.h.tx).save(pair.tenantId, pair.integrationId, flowKey, flow, {
      authorUserId: null,
    });
  }

  /** Xero records' changes as a webhook or a poll brings them again (source null: the drain fetches them by id). */
  acceptById(
    pair: Pair,
    flowKey: string,
    entity: SyncPendingChange['entity'],
    ids: string[],
    lane: Lane,
  ): Promise<void> {
    return this.w.h.tx.run(pair.tenantId, (m) =>
      this.pending.accept(
        m,
        pair.tenantId,
        ids.map((sourceKey) => ({
          integrationId: pair.integrationId,
          flowKey,
          entity,
          direction: 'xero-to-x3' as const,
          sourceKey,
          lane,
          source: null,
        })),
      ),
    );
  }

  /** The record's latest change in the flow (a change read again after it was settled is a new row). */
  latestChange(pair: Pair, flowKey: string, sourceKey: string): Promise<SyncPendingChange | null> {
    return this.w.h.tx.run(pair.tenantId, (m) =>
      m.findOne(SyncPendingChange, {
        where: { flowKey, sourceKey },
        order: { createdAt: 'DESC', id: 'DESC' },
      }),
    );
  }

  /** Runs `work` with every X3 create taken but its answer lost; the opener is restored after. */
  async withCreateAnswersLost<T>(work: () => Promise<T>): Promise<T> {
    const opener = this.openX3;
    this.openX3 = async (m, integration) => answerLost(await opener(m, integration));
    try {
      return await work();
    } finally {
      this.openX3 = opener;
    }
  }

  scope(pair: Pair) {
    return { integrationId: pair.integrationId, flowKey: XERO_PAYMENTS };
  }

  /** A payment entered in Xero on an invoice or bill (by its Xero id); its PaymentID, lower-cased. */
  async pay(pair: Pair, invoiceId: string, amount: string, extra: Json = {}): Promise<string> {
    const res = await this.t.xeroWrite(pair, 'PUT', 'Payments', {
      Payments: [
        {
          Invoice: { InvoiceID: invoiceId },
          Account: { Code: '090' },
          Date: new Date().toISOString().slice(0, 10),
          Amount: Number(amount),
          ...extra,
        },
      ],
    });
    if (res.status !== 200) throw new Error(`Xero payment: ${res.status} ${JSON.stringify(res.body)}`);
    return String(((res.body as Json).Payments as Json[])[0].PaymentID).toLowerCase();
  }

  /** A refund of a credit note entered in Xero (a Payment on the credit note); its PaymentID, lower-cased. */
  async refund(pair: Pair, creditNoteId: string, amount: string): Promise<string> {
    return this.pay(pair, '', amount, { Invoice: undefined, CreditNote: { CreditNoteID: creditNoteId } });
  }

  async deleteInXero(pair: Pair, paymentId: string): Promise<void> {
    const res = await this.t.xeroWrite(pair, 'POST', `Payments/${paymentId}`, { Status: 'DELETED' });
    if (res.status !== 200) throw new Error(`delete payment: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** The flow's If-Modified-Since poll of /Payments, as the poll-xero job runs it. */
  poll(pair: Pair) {
    return pollXeroFlow({ ...this.deps(), reads: this.w.xero.reads }, pair.tenantId, this.scope(pair));
  }

  drainQuiet(pair: Pair, flowKeys = [XERO_PAYMENTS]) {
    return drainUntilQuiet({ ...this.w, drain: this.drain }, pair, flowKeys);
  }

  rows(pair: Pair): Promise<SyncPendingChange[]> {
    return this.t.rows(pair, XERO_PAYMENTS);
  }

  /** The Payment's latest change. */
  row(pair: Pair, paymentId: string): Promise<SyncPendingChange | null> {
    return this.latestChange(pair, XERO_PAYMENTS, paymentId);
  }

  /** X3 payments of the NZ10 company whose REF is the Xero PaymentID. */
  async x3PaymentsOf(paymentId: string): Promise<X3Record[]> {
    return (await x3Records(this.w, 'payment')).filter((p) => p.reference === paymentId);
  }

  async x3Document(node: 'salesInvoice' | 'purchaseInvoice', id: string): Promise<X3Record> {
    return this.withX3((x3) => x3.get(node, id));
  }

  paymentRef(pair: Pair, xeroId: string): Promise<SyncCrossReference | null> {
    return this.w.h.tx.run(pair.tenantId, (m) =>
      m.findOne(SyncCrossReference, { where: { entity: 'payment', xeroId } }),
    );
  }

  async withX3<T>(work: (x3: X3Transport) => Promise<T>): Promise<T> {
    const a = this.w.folder.connectedApplication;
    const x3 = createX3Transport({
      baseUrl: this.w.sb.url,
      endpoint: this.w.folder.folder,
      companies: ['NZ10'],
      auth: { kind: 'jwt', ...a },
      allowPrivateTargets: true,
    });
    try {
      return await work(x3);
    } finally {
      x3.close();
    }
  }
}

/** X3 takes the create, but its answer never reaches us. */
function answerLost(x3: X3Transport): X3Transport {
  return new Proxy(x3, {
    get(target, prop) {
      if (prop === 'create') {
        return async (entity: Parameters<X3Transport['create']>[0], data: Record<string, unknown>) => {
          await target.create(entity, data);
          throw new X3UnknownOutcomeError('the connection closed after the request was sent: the answer was lost');
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
