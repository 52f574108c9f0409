export * from './dashboard-range';
export * from './dashboard.queries';
export * from './records.queries';
