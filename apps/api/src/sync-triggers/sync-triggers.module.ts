import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { FlowTriggers } from '#lb/sync';
import { AccountsModule } from '../accounts.module';
import { throttleRedis } from '../support/redis-throttle';
import { NudgeThrottle } from './nudge-throttle';
import { SyncTriggersController } from './sync-triggers.controller';
import { NUDGE_REDIS, NUDGE_THROTTLE } from './sync-triggers.tokens';

/** Run now, nudge tokens and the X3 nudge (libs/sync/src/triggers). */
@Module({
  imports: [AccountsModule],
  controllers: [SyncTriggersController],
  providers: [
    {
      provide: FlowTriggers,
      useFactory: (tx: TenantTransactions, ds: DataSource, jobs: JobProducer, audit: AuditTrail) =>
        new FlowTriggers(tx, ds, jobs, audit),
      inject: [TenantTransactions, getDataSourceToken(), JobProducer, AuditTrail],
    },
    {
      provide: NUDGE_REDIS,
      useFactory: (config: AppConfig) => throttleRedis(config.REDIS_URL),
      inject: [APP_CONFIG],
    },
    { provide: NUDGE_THROTTLE, useFactory: (redis: Redis) => new NudgeThrottle(redis), inject: [NUDGE_REDIS] },
  ],
})
export class SyncTriggersModule implements OnModuleDestroy {
  constructor(@Inject(NUDGE_REDIS) private readonly redis: Redis) {}

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
