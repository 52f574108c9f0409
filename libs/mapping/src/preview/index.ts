export * from './preview-types';
export { SourceSystemError, PreviewNotSupportedError } from './source-errors';
export { DryRunService } from './dry-run.service';
export type { DryRunDeps, DryRunOptions, MappingPreparer, PreparedMapping } from './dry-run.service';
export { prepareWithEngine } from './engine-preparer';
export { blockerOf, ledgerDate, type LedgerFacts } from './xero-ledger';
