import { Module } from '@nestjs/common';
import { TenantTransactions } from '#lb/database';
import { RecordTrail } from '#lb/sync';
import { TrailController } from './trail.controller';

/** The run log and record trail (libs/sync/src/trail), read-only for the tenant. */
@Module({
  controllers: [TrailController],
  providers: [
    { provide: RecordTrail, useFactory: (tx: TenantTransactions) => new RecordTrail(tx), inject: [TenantTransactions] },
  ],
  exports: [RecordTrail],
})
export class TrailModule {}
