// Reporting access for BI tools: reporting keys (a read-only credential per tool) and the
// documented, tenant-scoped views they read.
export * from './entities';
export * from './reporting-key.entity';
export * from './reporting-keys.service';
export * from './reporting-reader';
export * from './reporting-views';
