import { X3GraphqlClient } from './graphql-client';
import { X3EntitySpec } from './x3-entities';
import { X3Record, flatten } from './x3-record';

export interface ReadOptions {
  filter?: string;
  orderBy?: string;
  pageSize?: number;
  linePageSize?: number;
  /** Documents per page adapt so a response carries about this many lines (memory stays flat). */
  targetLinesPerPage?: number;
}

interface Connection {
  edges: Array<{ node: Record<string, unknown> & { _id: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const SYSTEM = ['_id', '_createStamp', '_updateStamp'];

/** An X3 GraphQL answer: every operation sits under `group { node { operation } }`. */
export type NodeAnswer = Record<string, Record<string, Record<string, unknown>>>;

/** The result of `operation` (query, read, create…) for `spec`'s node in an answer. */
export function underNode<T>(data: NodeAnswer, spec: X3EntitySpec, operation: string): T {
  return data[spec.group][spec.node][operation] as T;
}

type Collection = NonNullable<X3EntitySpec['lines']>;

/** The document's lines, then its other collections (an invoice's tax footer). */
function collectionsOf(spec: X3EntitySpec): Collection[] {
  return [...(spec.lines ? [spec.lines] : []), ...(spec.collections ?? [])];
}

/** Lines carry their own stamps: X3 saves a line without rewriting its header. */
function collectionSelection(collection: Collection, args: string): string {
  return `${collection.field} { query(${args}) { edges { node { _id _sortValue _createStamp _updateStamp ${collection.fields.join(' ')} } } pageInfo { hasNextPage endCursor } } }`;
}

export function nodeSelection(spec: X3EntitySpec, linePageSize: number): string {
  return [
    ...SYSTEM,
    ...spec.fields,
    ...collectionsOf(spec).map((c) => collectionSelection(c, `first: ${linePageSize}`)),
  ].join(' ');
}

/**
 * Streams a node through Relay cursors, one page in memory at a time. An order whose lines do
 * not fit the first nested page has its remaining lines paged through `read` before it is yielded.
 */
export async function* readAll(
  client: X3GraphqlClient,
  spec: X3EntitySpec,
  options: ReadOptions = {},
): AsyncGenerator<X3Record> {
  const pageSize = options.pageSize ?? 100;
  const linePageSize = options.linePageSize ?? 200;
  const targetLines = options.targetLinesPerPage ?? 500;
  // Header-only nodes use the full page; documents start small and adapt to their line counts.
  let first = spec.lines ? Math.min(pageSize, 5) : pageSize;
  const query = `query ($first: Int, $after: String, $filter: String, $orderBy: String) {
    ${spec.group} { ${spec.node} { query(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      edges { node { ${nodeSelection(spec, linePageSize)} } } pageInfo { hasNextPage endCursor } } } } }`;
  let after: string | null = null;
  for (;;) {
    // Annotated: `after` feeds back into this call, which would otherwise leave `data` untyped.
    const data: NodeAnswer = await client.request<NodeAnswer>({
      query,
      variables: { first, after, filter: options.filter, orderBy: options.orderBy },
    });
    const page = underNode<Connection>(data, spec, 'query');
    let lines = 0;
    for (const edge of page.edges) {
      const record = await complete(client, spec, edge.node, linePageSize);
      lines += record.lines?.length ?? 0;
      yield record;
    }
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
    if (spec.lines && page.edges.length > 0) {
      const perRecord = Math.max(lines / page.edges.length, 1);
      first = Math.min(pageSize, Math.max(1, Math.floor(targetLines / perRecord)));
    }
    after = page.pageInfo.endCursor;
  }
}

/** The record with each collection read to its end: lines under `lines`, others under their own name. */
export async function complete(
  client: X3GraphqlClient,
  spec: X3EntitySpec,
  node: Record<string, unknown>,
  linePageSize: number,
): Promise<X3Record> {
  const record = flatten(node) as X3Record;
  for (const collection of collectionsOf(spec)) {
    const items = await readCollection(client, spec, collection, record._id, node, linePageSize);
    delete record[collection.field];
    record[collection === spec.lines ? 'lines' : collection.field] = items;
  }
  return record;
}

/** A collection's first page came with the node; the rest is paged through `read`. */
async function readCollection(
  client: X3GraphqlClient,
  spec: X3EntitySpec,
  collection: Collection,
  id: string,
  node: Record<string, unknown>,
  linePageSize: number,
): Promise<X3Record[]> {
  const connection = (node[collection.field] as { query: Connection }).query;
  const items = connection.edges.map((e) => flatten(e.node) as X3Record);
  let info = connection.pageInfo;
  while (info.hasNextPage && info.endCursor) {
    const query = `query ($id: Id!, $after: String) { ${spec.group} { ${spec.node} { read(_id: $id) {
      ${collectionSelection(collection, `first: ${linePageSize}, after: $after`)} } } } }`;
    const data = await client.request<NodeAnswer>({ query, variables: { id, after: info.endCursor } });
    const read = underNode<Record<string, unknown> | null>(data, spec, 'read');
    if (!read) break; // deleted between pages: the next poll reconciles it
    const next = (read[collection.field] as { query: Connection }).query;
    for (const edge of next.edges) items.push(flatten(edge.node) as X3Record);
    info = next.pageInfo;
  }
  return items;
}
