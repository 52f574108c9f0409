import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '#lb/config';
import { CryptoModule } from '#lb/crypto';
import { DatabaseModule } from '#lb/database';
import { httpLoggerParams, OpsModule } from '#lb/observability';
import { QueuesModule } from '#lb/queues';
import { ALL_ENTITIES } from '#lb/schema';

/**
 * What every process (api, worker) stands on: validated config, pino logging, the database on
 * the runtime role, the queues, secrets, health and metrics.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, service: 'api' | 'worker'): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(httpLoggerParams(config.LOG_LEVEL, service)),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          entities: ALL_ENTITIES,
          poolSize: config.DATABASE_POOL_SIZE,
        }),
        QueuesModule.forRoot(config.REDIS_URL),
        CryptoModule,
        OpsModule.forRoot(service),
      ],
    };
  }
}
