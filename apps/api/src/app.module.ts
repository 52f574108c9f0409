import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '#lb/config';
import { CryptoModule } from '#lb/crypto';
import { DatabaseModule } from '#lb/database';
import { httpLoggerParams, OpsModule } from '#lb/observability';
import { QueuesModule } from '#lb/queues';
import { ALL_ENTITIES } from '#lb/schema';
import { AccessGuard } from './access/access.guard';
import { DiagnosticsModule } from './diagnostics/diagnostics.module';
import { ErrorBodyFilter } from './errors/error-body.filter';
import { XeroApiModule } from './xero/xero.module';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(httpLoggerParams(config.LOG_LEVEL, 'api')),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, entities: ALL_ENTITIES, poolSize: config.DATABASE_POOL_SIZE }),
        QueuesModule.forRoot(config.REDIS_URL),
        CryptoModule,
        OpsModule.forRoot('api'),
        DiagnosticsModule,
        XeroApiModule,
        DiscoveryModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ErrorBodyFilter },
      ],
    };
  }
}
