export * from './job-outbox.entity';
export * from './outbox-lane';
export * from './outbox-relay';
export * from './outbox-store';

import { JobOutboxRow } from './job-outbox.entity';
export const QUEUE_ENTITIES = [JobOutboxRow];
