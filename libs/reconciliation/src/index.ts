// Reconciliation: proves the Xero and Sage X3 ledgers of an integration agree, as of a date.
export * from './entities';
export * from './ledger/compare-ledgers';
export * from './ledger/ledger-reconciliation';
export * from './ledger/ledger-settings.entity';
export * from './ledger/ledger-settings.service';
export * from './ledger/run-ledger';
export * from './runs';
export * from './fixes';
export * from './reconciliations.service';
export * from './schedule';
export * from './exports';
