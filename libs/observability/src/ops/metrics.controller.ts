import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SignatureAuth } from '#lb/access';
import { AppMetrics } from '../metrics';
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
  ) {}

  @Get()
  @SignatureAuth('Prometheus scraper; bearer METRICS_TOKEN checked by MetricsTokenGuard')
  @UseGuards(MetricsTokenGuard)
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    await Promise.all([this.queueDepth.collect(), this.outboxBacklog.collect()]);
    return this.metrics.registry.metrics();
  }
}
