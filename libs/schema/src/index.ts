export * from './all-entities';
export * from './migration-runner';
