export * from './dashboard-range';
export * from './dashboard.queries';
export * from './record-key';
export * from './records.queries';
