import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SignatureAuth } from '#lb/access';
import { AppMetrics } from '../metrics';
import { ConnectorCallSubscriber } from './connector-call.subscriber';
import { OpenChangesCollector } from './open-changes.collector';
import { OutboxBacklogCollector } from './outbox-backlog.collector';
import { QueueDepthCollector } from './queue-depth.collector';
import { MetricsTokenGuard } from './metrics-token.guard';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: AppMetrics,
    private readonly queueDepth: QueueDepthCollector,
    private readonly outboxBacklog: OutboxBacklogCollector,
    private readonly openChanges: OpenChangesCollector,
    private readonly connectorCalls: ConnectorCallSubscriber,
  ) {}

  @Get()
  @SignatureAuth('Prometheus scraper; bearer METRICS_TOKEN checked by MetricsTokenGuard')
  @UseGuards(MetricsTokenGuard)
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    this.connectorCalls.refreshBudgets();
    await Promise.all([this.queueDepth.collect(), this.outboxBacklog.collect(), this.openChanges.collect()]);
    return this.metrics.registry.metrics();
  }
}
