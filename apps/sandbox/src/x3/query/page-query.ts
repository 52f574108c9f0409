import { EntityDesc } from '../model/descriptor';
import { SqlParams, selectList } from '../model/sql';
import { SandboxDatabase } from '../../db/sandbox-database';
import { FilterParams, compileFilterString } from './filter-compiler';
import { SortKey, compileOrderBy } from './order-by';
import { invalidArgument } from './filter-parser';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  filter?: string | null;
  orderBy?: string | null;
}

export type Row = Record<string, unknown>;

export interface Page {
  edges: Array<{ node: Row; cursor: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

const DEFAULT_PAGE = 20;
const INVALID_REGULAR_EXPRESSION = '2201B';
const MAX_PAGE = 1000;

// Cursors carry the sort-key values of the row and its position, as X3's do ('["AO005"]#40').
type KeyValue = string | null;

function encodeCursor(values: KeyValue[], position: number): string {
  return `${JSON.stringify(values)}#${position}`;
}

function decodeCursor(cursor: string, keyCount: number): { values: KeyValue[]; position: number } {
  const hash = cursor.lastIndexOf('#');
  try {
    const values: unknown = JSON.parse(cursor.slice(0, hash));
    const position = Number(cursor.slice(hash + 1));
    if (
      hash > 0 &&
      Array.isArray(values) &&
      values.length === keyCount &&
      values.every((v) => v === null || typeof v === 'string') &&
      Number.isInteger(position) &&
      position >= 0
    )
      return { values: values as KeyValue[], position };
  } catch {
    // falls through to the error below
  }
  throw invalidArgument(`Invalid cursor: ${cursor}`);
}

/**
 * Rows strictly after (or before) the cursor in the sort order: a keyset condition. A null key
 * (no referenced record, an empty date) counts as the smallest value, as X3's empty values do,
 * so `>` and `<` are spelled out for it instead of letting SQL's null comparison drop rows.
 */
function seek(keys: SortKey[], values: KeyValue[], forward: boolean, params: SqlParams): string {
  const ors = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => `${k.expr} IS NOT DISTINCT FROM ${params.add(values[j], k.castType)}`);
    const greater = (key.direction === 1) === forward;
    equal.push(beyond(key, values[i], greater, params));
    return `(${equal.join(' AND ')})`;
  });
  return `(${ors.join(' OR ')})`;
}

function beyond(key: SortKey, value: KeyValue, greater: boolean, params: SqlParams): string {
  if (value === null) return greater ? `${key.expr} IS NOT NULL` : 'FALSE';
  const compare = `${key.expr} ${greater ? '>' : '<'} ${params.add(value, key.castType)}`;
  return greater || !key.nullable ? compare : `(${compare} OR ${key.expr} IS NULL)`;
}

/** ORDER BY term; nullable keys put nulls first ascending, last descending (see seek). */
function orderTerm(key: SortKey, backward: boolean): string {
  const ascending = (key.direction === 1) !== backward;
  if (!key.nullable) return `${key.expr} ${ascending ? 'ASC' : 'DESC'}`;
  return `${key.expr} ${ascending ? 'ASC NULLS FIRST' : 'DESC NULLS LAST'}`;
}

export async function queryPage(
  db: SandboxDatabase,
  folder: string,
  desc: EntityDesc,
  args: PageArgs,
  parentId?: string,
): Promise<Page> {
  const backward = args.last != null && args.first == null;
  const requested = backward ? args.last! : (args.first ?? DEFAULT_PAGE);
  if (!Number.isInteger(requested) || requested < 0) throw invalidArgument('first/last must be a non-negative integer');
  const size = Math.min(requested, MAX_PAGE);
  const keys = compileOrderBy(desc, args.orderBy, 't');
  const params = new FilterParams();
  const scope = [`t.folder = ${params.add(folder)}`];
  if (parentId !== undefined) scope.push(`t._parent = ${params.add(parentId)}`);
  scope.push(compileFilterString(desc, args.filter, 't', params));
  const countSql = `SELECT count(*)::int AS n FROM ${desc.table} t WHERE ${scope.join(' AND ')}`;
  const countParams = [...params.values];
  const count = async () => (await run<{ n: number }>(db, countSql, countParams, params))[0].n;
  const where = [...scope];
  const cursor = backward ? args.before : args.after;
  let position: number;
  if (cursor) {
    const decoded = decodeCursor(cursor, keys.length);
    position = decoded.position;
    where.push(seek(keys, decoded.values, !backward, params));
  } else {
    // Paging from the end: the last row's position is the count, so cursors keep real positions.
    position = backward ? (await count()) + 1 : 0;
  }
  const order = keys.map((k) => orderTerm(k, backward)).join(', ');
  const keyCols = keys.map((k, i) => `(${k.expr})::text AS "__k${i}"`).join(', ');
  const sql = `SELECT ${selectList(desc, 't')}, ${keyCols} FROM ${desc.table} t WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${size + 1}`;
  const rows = await run<Row>(db, sql, params.values, params);
  const more = rows.length > size;
  const pageRows = rows.slice(0, size);
  if (backward) pageRows.reverse();
  const base = backward ? Math.max(position - 1 - pageRows.length, 0) : position;
  const edges = pageRows.map((row, i) => {
    const values = keys.map((_, k) => row[`__k${k}`] as KeyValue);
    for (let k = 0; k < keys.length; k++) delete row[`__k${k}`];
    return { node: row, cursor: encodeCursor(values, base + i + 1) };
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? Boolean(args.before) : more,
      hasPreviousPage: backward ? more : Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: count,
  };
}

/** Runs a page query; a value PostgreSQL refuses (a bad `_regex`, an out-of-range cursor value) is the caller's input error. */
async function run<R extends Row>(
  db: SandboxDatabase,
  sql: string,
  values: unknown[],
  filter: FilterParams,
): Promise<R[]> {
  try {
    return await db.query<R>(sql, values);
  } catch (error) {
    throw (await inputErrorFor(db, error, filter)) ?? error;
  }
}

async function inputErrorFor(db: SandboxDatabase, error: unknown, filter: FilterParams): Promise<Error | undefined> {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === INVALID_REGULAR_EXPRESSION) {
    for (const { property, pattern } of filter.patterns) {
      try {
        await db.query("SELECT '' ~ $1", [pattern]);
      } catch {
        return invalidArgument(`Invalid filter: _regex on ${property} is not a valid regular expression: '${pattern}'`);
      }
    }
  }
  // Class 22 (data exception): a value we passed as a parameter cannot be that type.
  if (code.startsWith('22')) return invalidArgument(`Invalid filter or cursor: ${(error as Error).message}`);
  return undefined;
}

export async function readOne(db: SandboxDatabase, folder: string, desc: EntityDesc, id: string): Promise<Row | null> {
  const rows = await db.query(
    `SELECT ${selectList(desc, 't')} FROM ${desc.table} t WHERE t.folder = $1 AND t._id = $2`,
    [folder, id],
  );
  return rows[0] ?? null;
}

export async function readMany(db: SandboxDatabase, folder: string, desc: EntityDesc, ids: string[]): Promise<Row[]> {
  return db.query(
    `SELECT ${selectList(desc, 't')} FROM ${desc.table} t WHERE t.folder = $1 AND t._id = ANY($2::text[])`,
    [folder, ids],
  );
}
