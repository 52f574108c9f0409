import { BullModule } from '@nestjs/bull';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { DEFAULT_JOB_OPTIONS, QUEUE_SETTINGS } from './job-options';
import { BullJobProducer, JobProducer } from './job-producer';
import { QUEUES } from './queue-names';

/** Registers every queue with the same options in the api (producer) and the worker (consumer). */
@Global()
@Module({})
export class QueuesModule {
  static forRoot(redisUrl: string): DynamicModule {
    const queues = BullModule.registerQueue(
      ...Object.values(QUEUES).map((name) => ({
        name,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
        settings: QUEUE_SETTINGS,
      })),
    );
    return {
      module: QueuesModule,
      imports: [BullModule.forRoot({ redis: redisUrl, prefix: 'lb' }), queues],
      providers: [{ provide: JobProducer, useClass: BullJobProducer }],
      exports: [JobProducer, queues],
    };
  }
}
