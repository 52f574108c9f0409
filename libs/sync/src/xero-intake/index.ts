export * from './xero-resources';
export * from './xero-flows';
export * from './xero-fetch';
export * from './webhook-intake';
export * from './xero-poller';
