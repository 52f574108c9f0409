export { SyncDrain } from './sync-drain';
export { DEFAULT_DRAIN_OPTIONS } from './drain-options';
export type { DrainDeps, DrainOptions, DrainReport } from './drain-options';
export { DrainPermanentError } from './drain-context';
export { TenantDrainCap } from './tenant-drain-cap';
export { REAUTHORISATION } from './drain-failures';
export { FLOW_OF_ENTITY } from './entity-plans';
