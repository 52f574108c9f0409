export * from './bootstrap/bootstrap-roles';
export * from './data-source';
export * from './entities';
export * from './tenancy/system-access.service';
export * from './tenancy/after-commit';
export * from './tenancy/tenant-transactions';
export * from './database.module';
export * from './preflight';
