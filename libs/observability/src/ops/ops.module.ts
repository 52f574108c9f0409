import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppMetrics } from '../metrics';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsTokenGuard } from './metrics-token.guard';
import { QueueDepthCollector } from './queue-depth.collector';
import { RedisHealthIndicator } from './redis-health.indicator';
import { WorkersController } from './workers.controller';

/** Health (terminus) and metrics (prom-client) endpoints, the same in the api and the worker. */
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
        RedisHealthIndicator,
        QueueDepthCollector,
        MetricsTokenGuard,
      ],
      exports: [AppMetrics],
    };
  }
}
