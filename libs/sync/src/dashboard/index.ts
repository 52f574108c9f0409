export * from './dashboard-range';
export * from './dashboard.types';
export * from './dashboard.queries';
export * from './records.queries';
export * from './tenant-dashboard.queries';
