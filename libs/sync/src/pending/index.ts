export * from './pending-change.entity';
export * from './flow-cursor.entity';
export * from './lanes';
export * from './pending-changes.service';
export * from './drain-jobs';
export * from './mapping-waits';
export * from './monthly-usage.entity';
export * from './monthly-usage';
