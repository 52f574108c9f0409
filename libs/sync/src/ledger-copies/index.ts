export * from './ledger-copy.entity';
export * from './ledger-copies';
