export * from './classify';
export * from './recon-run.entity';
export * from './recon-difference.entity';
export * from './side-stream';
export * from './reconcile-run';
export * from './aged-amounts-due';
export * from './ledger-differences';
