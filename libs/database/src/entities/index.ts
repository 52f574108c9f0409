import { AuditLogEntry } from './audit-log.entity';
import { Membership } from './membership.entity';
import { ProbeRun } from './probe-run.entity';
import { SecretRecord } from './secret.entity';
import { Tenant } from './tenant.entity';
import { User } from './user.entity';

export * from './audit-log.entity';
export * from './membership.entity';
export * from './probe-run.entity';
export * from './secret.entity';
export * from './tenant-owned.entity';
export * from './tenant.entity';
export * from './user.entity';

/** Platform entities; each feature lib adds its own through `registerEntities`. */
export const PLATFORM_ENTITIES = [Tenant, User, Membership, AuditLogEntry, SecretRecord, ProbeRun];
