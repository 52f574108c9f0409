import { BullModule } from '@nestjs/bull';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { bullRedisOptions, DEFAULT_JOB_OPTIONS, QUEUE_SETTINGS, SYNC_JOB_OPTIONS } from './job-options';
import { JobProducer, OutboxJobProducer } from './job-producer';
import { OUTBOX_LANE, outboxLane } from './outbox/outbox-lane';
import { OutboxRelay } from './outbox/outbox-relay';
import { QUEUES } from './queue-names';

/**
 * Registers every queue with the same options in the api (producer) and the worker (consumer),
 * the outbox-backed producer, and the relay that moves committed outbox rows into Bull.
 */
@Global()
@Module({})
export class QueuesModule {
  static forRoot(redisUrl: string): DynamicModule {
    const queues = BullModule.registerQueue(
      ...Object.values(QUEUES).map((name) => ({
        name,
        defaultJobOptions: name === QUEUES.sync ? SYNC_JOB_OPTIONS : DEFAULT_JOB_OPTIONS,
        settings: QUEUE_SETTINGS,
      })),
    );
    return {
      module: QueuesModule,
      imports: [BullModule.forRoot({ redis: bullRedisOptions(redisUrl), prefix: 'lb' }), queues],
      providers: [
        { provide: OUTBOX_LANE, useValue: outboxLane(redisUrl) },
        { provide: JobProducer, useClass: OutboxJobProducer },
        OutboxRelay,
      ],
      exports: [JobProducer, OutboxRelay, OUTBOX_LANE, queues],
    };
  }
}
