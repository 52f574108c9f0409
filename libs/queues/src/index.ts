export * from './job-options';
export * from './job-payloads';
export * from './job-producer';
export * from './queue-names';
export * from './queues.module';
export * from './worker-heartbeat';
export * from './worker-concurrency';
export * from './outbox';
