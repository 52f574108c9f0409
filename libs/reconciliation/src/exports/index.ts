export * from './run-rows';
export * from './differences-csv';
export * from './run-report-pdf';
export * from './month-end-pack';
export * from './trial-balance-csv';
