import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { TenantTransactions } from '#lb/database';
import { ReportingKeys, ReportingReader } from '#lb/reporting';
import { AccountsModule } from '../accounts.module';
import { throttleRedis } from '../support/redis-throttle';
import { ReportingKeyGuard } from './reporting-key.guard';
import { ReportingKeysController } from './reporting-keys.controller';
import { ReportingThrottle } from './reporting-throttle';
import { ReportingViewsController } from './reporting-views.controller';
import { REPORTING_REDIS, REPORTING_THROTTLE } from './reporting.tokens';

/** Reporting access for BI tools (libs/reporting): keys from the SPA, views by key. */
@Module({
  imports: [AccountsModule],
  controllers: [ReportingKeysController, ReportingViewsController],
  providers: [
    ReportingKeyGuard,
    {
      provide: ReportingKeys,
      useFactory: (tx: TenantTransactions, ds: DataSource, audit: AuditTrail) => new ReportingKeys(tx, ds, audit),
      inject: [TenantTransactions, getDataSourceToken(), AuditTrail],
    },
    {
      provide: ReportingReader,
      useFactory: (tx: TenantTransactions) => new ReportingReader(tx),
      inject: [TenantTransactions],
    },
    {
      provide: REPORTING_REDIS,
      useFactory: (config: AppConfig) => throttleRedis(config.REDIS_URL),
      inject: [APP_CONFIG],
    },
    {
      provide: REPORTING_THROTTLE,
      useFactory: (redis: Redis) => new ReportingThrottle(redis),
      inject: [REPORTING_REDIS],
    },
  ],
})
export class ReportingModule implements OnModuleDestroy {
  constructor(@Inject(REPORTING_REDIS) private readonly redis: Redis) {}

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
