import { X3Action, X3EntityName } from './graphql/x3-entities';
import { X3Record } from './graphql/x3-record';
import { DeliveredHashes, ReadWindow, X3Delivery, X3SyncCursor } from './sync/incremental-cursor';

export interface ListChangedOptions {
  /** High-water mark and overlap window (seconds re-read below it, for late commits). */
  cursor: X3SyncCursor;
  /** Hashes last delivered to this consumer: a record is yielded only when its content differs. */
  delivered: DeliveredHashes;
  pageSize?: number;
  /** Extra X3 filter ANDed with the stamp and company filters. */
  filter?: string;
  /** How far below the mark to re-read (incremental-cursor.ts); 'auto' by default. */
  window?: ReadWindow;
}

/**
 * Records changed since the cursor. Nothing is marked delivered at read time: once the consumer
 * has durably accepted a record it stores `deliveryOf(record)` (X3DeliveryStore.markDelivered),
 * then `nextCursor()`, valid once the stream has been read to the end.
 */
export interface X3ChangeStream extends AsyncIterable<X3Record> {
  nextCursor(): X3SyncCursor;
  deliveryOf(record: X3Record): X3Delivery;
}

export interface ListOptions {
  filter?: string;
  orderBy?: string;
  pageSize?: number;
}

export interface X3ConnectionReport {
  ok: boolean;
  endpoint: string;
  /** Root groups the folder exposes (x3Sales...). */
  groups?: string[];
  /** GraphQL types the connector needs and the folder lacks. */
  missingTypes?: string[];
  types?: string[];
  companies?: Array<{ code: string; name: string; currency: string }>;
  counts?: Partial<Record<X3EntityName, number>>;
  error?: { class: string; kind: string; message: string };
}

/**
 * The one seam between sync code and X3. GraphQL is the first implementation; SOAP
 * (CAdxWebServiceXmlCC) and REST (/api1/) transports implement the same calls later.
 */
export interface X3Transport {
  readonly kind: 'graphql' | 'soap' | 'rest';
  listChanged(entity: X3EntityName, options: ListChangedOptions): X3ChangeStream;
  list(entity: X3EntityName, options?: ListOptions): AsyncIterable<X3Record>;
  get(entity: X3EntityName, id: string): Promise<X3Record>;
  create(entity: X3EntityName, data: Record<string, unknown>): Promise<X3Record>;
  update(entity: X3EntityName, id: string, data: Record<string, unknown>): Promise<X3Record>;
  /** Document actions: `validate` a delivery or supplier invoice, `post` a sales invoice, `close` a sales order. */
  runAction(entity: X3EntityName, action: X3Action, id: string): Promise<X3Record>;
  testConnection(): Promise<X3ConnectionReport>;
  close(): void;
}
