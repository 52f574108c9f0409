export * from './call-purposes';
export * from './poll-intervals';
export * from './backfill-eta';
