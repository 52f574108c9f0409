import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '#lb/config';
import { CryptoModule } from '#lb/crypto';
import { DatabaseModule } from '#lb/database';
import { httpLoggerParams, OpsModule } from '#lb/observability';
import { QueuesModule } from '#lb/queues';
import { ALL_ENTITIES } from '#lb/schema';
import { HeartbeatProcessor } from './processors/heartbeat.processor';
import { ProbeProcessor } from './processors/probe.processor';
import { RotateSecretsProcessor } from './processors/rotate-secrets.processor';
import { TenantJobRunner } from './runtime/tenant-job-runner';
import { XeroProcessor } from './processors/xero.processor';
import { XeroConnectorModule } from '#lb/connectors/xero';

/** Processors are registered only here: the api enqueues, the worker consumes. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(httpLoggerParams(config.LOG_LEVEL, 'worker')),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, entities: ALL_ENTITIES, poolSize: config.DATABASE_POOL_SIZE }),
        QueuesModule.forRoot(config.REDIS_URL),
        CryptoModule,
        OpsModule.forRoot('worker'),
        XeroConnectorModule,
      ],
      providers: [TenantJobRunner, HeartbeatProcessor, ProbeProcessor, RotateSecretsProcessor, XeroProcessor],
    };
  }
}
