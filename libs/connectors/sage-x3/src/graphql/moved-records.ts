// The wide re-read of a poll's overlap window (incremental-cursor.ts) by stamps first. The window
// is there for late commits: a record whose stamp is below the mark yet was never delivered, or was
// delivered at another stamp. Reading whole records for that re-read every window's records with
// their lines once a minute — after a mass save, 8,000 invoices and 8,000 customers a minute in the
// initial-load bench, on the cores the load needed. Now the window's keys and stamps are read (one
// header page of up to 1,000, no lines), and only the records whose stamp is not the one last
// delivered are read whole, 50 at a time, and then compared by content as every read is.
// A save within the same stamp second as the delivered one that also commits late is left to the
// periodic comparison (x3-compare.ts), which compares content.
import { X3GraphqlClient } from './graphql-client';
import { X3EntitySpec, quote } from './x3-entity-spec';
import { NodeAnswer, readAll, underNode } from './paged-reader';
import { X3Record } from './x3-record';

/** Header stamps per page: no lines, so a page costs little whatever the documents hold. */
const STAMP_PAGE = 1000;
/** Keys looked up against the delivered stamps at once. */
const LOOKUP_BATCH = 500;
/** Records read whole per call, by key. */
const FETCH_CHUNK = 50;

/** Stamp (ms) last delivered per key, for the keys asked; a key never delivered is absent. */
export type DeliveredStamps = (keys: string[]) => Promise<Map<string, number>>;

interface StampConnection {
  edges: Array<{ node: { _id: string; _updateStamp: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every key and stamp the filter selects, in stamp order, a page at a time. */
async function* readStamps(
  client: X3GraphqlClient,
  spec: X3EntitySpec,
  filter: string | undefined,
): AsyncGenerator<{ _id: string; _updateStamp: string }> {
  const query = `query ($first: Int, $after: String, $filter: String, $orderBy: String) {
    ${spec.group} { ${spec.node} { query(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      edges { node { _id _updateStamp } } pageInfo { hasNextPage endCursor } } } } }`;
  let after: string | null = null;
  for (;;) {
    const data: NodeAnswer = await client.request<NodeAnswer>({
      query,
      variables: { first: STAMP_PAGE, after, filter, orderBy: '{_updateStamp:1,_id:1}' },
    });
    const page = underNode<StampConnection>(data, spec, 'query');
    for (const edge of page.edges) yield edge.node;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
    after = page.pageInfo.endCursor;
  }
}

/**
 * The records `filters` select whose stamp differs from the one last delivered (or that were never
 * delivered), read whole. `filters` are the read's own (company scope, window start, caller's).
 */
export async function* movedRecords(
  client: X3GraphqlClient,
  spec: X3EntitySpec,
  filters: string[],
  delivered: DeliveredStamps,
  linePageSize: number,
): AsyncGenerator<X3Record> {
  const all = filters.length ? `[${filters.join(',')}]` : undefined;
  let batch: Array<{ _id: string; _updateStamp: string }> = [];
  const fetchMoved = async function* (): AsyncGenerator<X3Record> {
    const last = await delivered(batch.map((s) => s._id));
    const moved = batch.filter((s) => last.get(s._id) !== Date.parse(s._updateStamp)).map((s) => s._id);
    batch = [];
    for (let i = 0; i < moved.length; i += FETCH_CHUNK) {
      const ids = `{_id:{_in:[${moved
        .slice(i, i + FETCH_CHUNK)
        .map(quote)
        .join(',')}]}}`;
      yield* readAll(client, spec, {
        filter: `[${[...filters, ids].join(',')}]`,
        orderBy: '{_updateStamp:1,_id:1}',
        pageSize: FETCH_CHUNK,
        linePageSize,
      });
    }
  };
  for await (const stamp of readStamps(client, spec, all)) {
    batch.push(stamp);
    if (batch.length >= LOOKUP_BATCH) yield* fetchMoved();
  }
  if (batch.length) yield* fetchMoved();
}
