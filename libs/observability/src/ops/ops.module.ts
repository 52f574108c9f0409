import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppMetrics } from '../metrics';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsTokenGuard } from './metrics-token.guard';
import { ConnectorCallSubscriber } from './connector-call.subscriber';
import { OpenChangesCollector } from './open-changes.collector';
import { OutboxBacklogCollector } from './outbox-backlog.collector';
import { QueueDepthCollector } from './queue-depth.collector';
import { RedisHealthIndicator } from './redis-health.indicator';
import { TenantClassifier } from './tenant-classifier';
import { REQUEST_REDIS_PROVIDERS } from './request-redis';
import { WorkersController } from './workers.controller';

/**
 * Health (terminus) and metrics (prom-client) endpoints, the same in the api and the worker. What
 * they read from Redis is bounded (see request-redis.ts): a Redis outage makes them answer 503 or
 * leave queue depths out within ~2 s, never hang.
 */
@Global()
@Module({})
export class OpsModule {
  static forRoot(service: string): DynamicModule {
    return {
      module: OpsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController, WorkersController],
      providers: [
        { provide: AppMetrics, useValue: new AppMetrics(service) },
        ...REQUEST_REDIS_PROVIDERS,
        RedisHealthIndicator,
        QueueDepthCollector,
        OutboxBacklogCollector,
        OpenChangesCollector,
        TenantClassifier,
        ConnectorCallSubscriber,
        MetricsTokenGuard,
      ],
      exports: [AppMetrics],
    };
  }
}
