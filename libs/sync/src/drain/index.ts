export { SyncDrain, DEFAULT_DRAIN_OPTIONS } from './sync-drain';
export type { DrainDeps, DrainOptions, DrainReport } from './sync-drain';
export { DrainPermanentError } from './drain-context';
export { TenantDrainCap } from './tenant-drain-cap';
export { REAUTHORISATION } from './drain-failures';
export { FLOW_OF_ENTITY } from './entity-plans';
