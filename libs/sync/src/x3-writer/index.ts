export * from './conflict-merge';
export * from './drain-xero-to-x3';
export * from './party-write';
export * from './x3-failures';
export * from './x3-opener';
export * from './payment-drain';
export * from './bill-drain';
export * from './credit-note-drain';
