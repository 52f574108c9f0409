import { X3Connection } from './entities/x3-connection.entity';
import { X3DeliveredRecord } from './sync/x3-delivered-record.entity';
export * from './errors/x3-errors';
export * from './x3-connection-settings';
export * from './x3-transport';
export * from './x3-transport.factory';
export * from './read-by-ids';
export * from './gl-balances';
export * from './sage-x3.module';
export type { X3Record } from './graphql/x3-record';
export { X3_ENTITIES } from './graphql/x3-entities';
export {
  INITIAL_CURSOR,
  DEFAULT_OVERLAP_SECONDS,
  contentHash,
  isWideRead,
  parseCursor,
} from './sync/incremental-cursor';
export { signConnectedAppJwt } from './auth/x3-credentials';
export { resolveSafeTarget, isPrivateAddress } from './net/ssrf-guard';
export type { X3EntityName } from './graphql/x3-entities';
export type { X3SyncCursor, X3Delivery, DeliveredHashes, ReadWindow } from './sync/incremental-cursor';
export * from './entities/x3-connection.entity';
export * from './sync/x3-delivered-record.entity';
export * from './sync/x3-delivery-store';
export * from './connections/x3-connection-store';

/** The connector's tables (kept here so the entity files do not import each other in a cycle). */
export const X3_CONNECTION_ENTITIES = [X3Connection, X3DeliveredRecord];
export { PinnedHttpClient, HttpFailure } from './net/http-client';
