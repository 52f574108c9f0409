export * from './log-context';
export * from './logger';
export * from './metrics';
export * from './redaction';
export * from './ops/ops.module';
export * from './call-events';
export * from './connector-metrics';
export * from './tenant-class';
