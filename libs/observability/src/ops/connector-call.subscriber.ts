import diagnostics from 'node:diagnostics_channel';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '#lb/config';
import {
  CONNECTOR_CALL_CHANNEL,
  ConnectorCallEvent,
  operationLabel,
  settledOutcomeLabel,
  statusClassOf,
  SYNC_SETTLED_CHANNEL,
  SyncSettledEvent,
} from '../call-events';
import { currentLogContext } from '../log-context';
import { AppMetrics } from '../metrics';
import { TenantClassifier } from './tenant-classifier';

interface Reported {
  tenantClass: string;
  value: number;
  at: number;
}

/** Organisations whose last budget headers are remembered (in memory only, never a label). */
const MAX_ORGANISATIONS = 50_000;

/**
 * Turns the connectors' and the drain's events (call-events.ts) into this process's metrics. The
 * tenant class is looked up after the event (TenantClassifier, cached), so a call never waits on
 * it. Xero's budget headers are kept per organisation in memory and folded, at scrape time, into
 * one gauge per tenant class: the lowest value any organisation of the class reported recently.
 */
@Injectable()
export class ConnectorCallSubscriber implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ConnectorCallSubscriber.name);
  private readonly minute = new Map<string, Reported>();
  private readonly day = new Map<string, Reported>();
  private readonly minuteMs: number;
  private readonly dayMs: number;

  constructor(
    private readonly metrics: AppMetrics,
    private readonly classifier: TenantClassifier,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const scale = config.XERO_CLOCK_SCALE || 1;
    this.minuteMs = Math.ceil(60_000 / scale);
    this.dayMs = Math.ceil(86_400_000 / scale);
  }

  private readonly onCall = (message: unknown) => {
    const event = message as ConnectorCallEvent;
    void this.classifier
      .classOf(event.tenantId ?? currentLogContext().tenantId)
      .then((tenantClass) => this.recordCall(event, tenantClass))
      .catch((error: Error) => this.logger.warn(`connector call not counted: ${error.message}`));
  };

  private readonly onSettled = (message: unknown) => {
    const event = message as SyncSettledEvent;
    void this.classifier
      .classOf(event.tenantId ?? currentLogContext().tenantId)
      .then((tenantClass) => {
        for (const s of event.settled) {
          const outcome = settledOutcomeLabel(s.state, s.action);
          if (outcome) this.metrics.sync.records.inc({ entity: s.entity, outcome, tenant_class: tenantClass });
        }
      })
      .catch((error: Error) => this.logger.warn(`settled records not counted: ${error.message}`));
  };

  onModuleInit(): void {
    diagnostics.subscribe(CONNECTOR_CALL_CHANNEL, this.onCall);
    diagnostics.subscribe(SYNC_SETTLED_CHANNEL, this.onSettled);
  }

  onModuleDestroy(): void {
    diagnostics.unsubscribe(CONNECTOR_CALL_CHANNEL, this.onCall);
    diagnostics.unsubscribe(SYNC_SETTLED_CHANNEL, this.onSettled);
  }

  recordCall(e: ConnectorCallEvent, tenantClass: string): void {
    const c = this.metrics.connectors;
    const operation = operationLabel(e.connector, e.operation);
    const status = statusClassOf(e.status);
    c.calls.inc({ connector: e.connector, operation, status_class: status, tenant_class: tenantClass });
    c.duration.observe({ connector: e.connector, operation, tenant_class: tenantClass }, e.durationSeconds);
    c.bytes.inc({ connector: e.connector, direction: 'in', tenant_class: tenantClass }, e.bytesIn);
    c.bytes.inc({ connector: e.connector, direction: 'out', tenant_class: tenantClass }, e.bytesOut);
    if (e.retryAfterSeconds !== undefined && Number.isFinite(e.retryAfterSeconds) && e.retryAfterSeconds > 0)
      c.retryAfter.inc({ connector: e.connector, tenant_class: tenantClass }, e.retryAfterSeconds);
    const b = e.budget;
    if (b) {
      const now = Date.now();
      remember(this.minute, b.organisation, b.minRemaining, tenantClass, now);
      remember(this.day, b.organisation, b.dayRemaining, tenantClass, now);
    }
  }

  /** At scrape time: the budget gauges from what is recent enough (older reports are forgotten). */
  refreshBudgets(now = Date.now()): void {
    fold(this.minute, now - this.minuteMs, this.metrics.connectors.xeroMinRemaining);
    fold(this.day, now - this.dayMs, this.metrics.connectors.xeroDayRemaining);
  }
}

function remember(
  into: Map<string, Reported>,
  organisation: string,
  value: number | undefined,
  tenantClass: string,
  at: number,
): void {
  if (value === undefined || !Number.isFinite(value)) return;
  into.delete(organisation);
  // the oldest report goes first (a Map keeps insertion order)
  if (into.size >= MAX_ORGANISATIONS) into.delete(into.keys().next().value as string);
  into.set(organisation, { tenantClass, value, at });
}

function fold(
  reports: Map<string, Reported>,
  since: number,
  gauge: { reset(): void; set(labels: { tenant_class: string }, value: number): void },
): void {
  const lowest = new Map<string, number>();
  for (const [organisation, r] of reports) {
    if (r.at <= since) {
      reports.delete(organisation);
      continue;
    }
    lowest.set(r.tenantClass, Math.min(lowest.get(r.tenantClass) ?? Infinity, r.value));
  }
  gauge.reset();
  for (const [tenantClass, value] of lowest) gauge.set({ tenant_class: tenantClass }, value);
}
