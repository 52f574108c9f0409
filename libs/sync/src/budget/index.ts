export * from './call-purposes';
export * from './poll-intervals';
export * from './backfill-eta';
export * from './call-counters';
export * from './call-plan.entity';
export * from './call-plans.service';
export * from './purpose-org';
export * from './xero-poll-pace';
