import { GraphQLError } from 'graphql';
import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import { EntityDesc } from '../model/descriptor';
import { entityByName } from '../model/catalog';
import { selectList } from '../model/sql';

export type Values = Record<string, unknown>;
/** A stored record as read back: decimals and dates as text (exact), integers, booleans. */
export type RowValue = string | number | boolean | null;
export type Row = { _id: string } & Record<string, RowValue>;

/** An X3 business-rule refusal: GraphQL error with X3's diagnoses in the extensions. */
export class X3BusinessError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'BUSINESS_RULE_ERROR', diagnoses: [{ severity: 'error', message }] } });
  }
}

/** X3 stamps (UPDDATTIM) have one-second resolution: many records share a stamp. */
export function stampNow(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function getRow(
  client: PoolClient,
  entity: string,
  folder: string,
  id: string,
  lock = false,
): Promise<Row | null> {
  const desc = entityByName(entity);
  const { rows } = await client.query<Row>(
    `SELECT ${selectList(desc, 't')} FROM ${desc.table} t WHERE t.folder = $1 AND t._id = $2${lock ? ' FOR UPDATE' : ''}`,
    [folder, id],
  );
  return rows[0] ?? null;
}

export async function mustGet(
  client: PoolClient,
  entity: string,
  folder: string,
  id: unknown,
  label: string,
  lock = false,
): Promise<Row> {
  if (typeof id !== 'string' || id === '') throw new X3BusinessError(`${label}: mandatory field`);
  const row = await getRow(client, entity, folder, id, lock);
  if (!row) throw new X3BusinessError(`${label} ${id}: record does not exist`);
  return row;
}

export async function getLines(client: PoolClient, entity: string, folder: string, parentId: string): Promise<Row[]> {
  const desc = entityByName(entity);
  const { rows } = await client.query<Row>(
    `SELECT ${selectList(desc, 't')} FROM ${desc.table} t WHERE t.folder = $1 AND t._parent = $2 ORDER BY t._sort_value FOR UPDATE`,
    [folder, parentId],
  );
  return rows;
}

function columnsFor(desc: EntityDesc, values: Values): Array<[string, unknown]> {
  return Object.entries(values)
    .filter(([name, value]) => value !== undefined && desc.props.some((p) => p.name === name))
    .map(([name, value]) => [desc.props.find((p) => p.name === name)!.column, value]);
}

export async function insertRow(
  client: PoolClient,
  entity: string,
  folder: string,
  id: string,
  values: Values,
  stamp: Date,
  line?: { parent: string; sortValue: number },
): Promise<void> {
  const desc = entityByName(entity);
  const cols: Array<[string, unknown]> = [
    ['folder', folder],
    ['_id', id],
    ...columnsFor(desc, values),
    ['_create_stamp', stamp],
    ['_update_stamp', stamp],
  ];
  if (line) cols.push(['_parent', line.parent], ['_sort_value', line.sortValue]);
  const sql = `INSERT INTO ${desc.table} (${cols.map(([c]) => c).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`;
  try {
    await client.query(
      sql,
      cols.map(([, v]) => v),
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new X3BusinessError(`${desc.typeName} ${id}: record already exists`);
    throw error;
  }
}

export async function updateRow(
  client: PoolClient,
  entity: string,
  folder: string,
  id: string,
  values: Values,
  stamp: Date,
): Promise<void> {
  const desc = entityByName(entity);
  const cols = [...columnsFor(desc, values), ['_update_stamp', stamp] as [string, unknown]];
  const sets = cols.map(([c], i) => `${c} = $${i + 3}`).join(', ');
  await client.query(`UPDATE ${desc.table} SET ${sets} WHERE folder = $1 AND _id = $2`, [
    folder,
    id,
    ...cols.map(([, v]) => v),
  ]);
}

/** Document numbers follow X3's <prefix><site><sequence> pattern (POFR0110112). */
export async function nextNumber(client: PoolClient, folder: string, prefix: string, start = 1): Promise<string> {
  const { rows } = await client.query<{ value: string }>(
    `INSERT INTO x3_sequences (folder, prefix, next_value) VALUES ($1, $2, $3 + 1)
     ON CONFLICT (folder, prefix) DO UPDATE SET next_value = x3_sequences.next_value + 1
     RETURNING next_value - 1 AS value`,
    [folder, prefix, start],
  );
  return `${prefix}${String(rows[0].value).padStart(4, '0')}`;
}

export function dec(value: unknown, label: string, options: { positive?: boolean } = {}): Decimal {
  let result: Decimal;
  try {
    result = new Decimal(value === undefined || value === null || value === '' ? NaN : text(value));
  } catch {
    result = new Decimal(NaN);
  }
  if (result.isNaN()) throw new X3BusinessError(`${label}: invalid number`);
  if (options.positive && result.lte(0)) throw new X3BusinessError(`${label}: must be greater than 0`);
  return result;
}

export function money(value: Decimal, decimals: number): string {
  return value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP).toFixed(decimals);
}

export function lineIdOf(parent: string, lineNumber: number): string {
  return `${parent}|${lineNumber}`;
}

/** A stored value as text ('' for the blanks X3 keeps instead of NULLs). */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Decimal) return String(value);
  return '';
}

/**
 * Writes only the values that differ and reports whether it wrote: X3 rewrites a record, and so moves
 * its UPDDATTIM, only when the record changes (a line saved alone leaves its header as it was).
 */
export async function updateIfChanged(
  client: PoolClient,
  entity: string,
  folder: string,
  row: Row,
  values: Values,
  stamp: Date,
): Promise<boolean> {
  const changed = Object.fromEntries(
    Object.entries(values).filter(([name, value]) => value !== undefined && text(row[name]) !== text(value)),
  );
  if (Object.keys(changed).length === 0) return false;
  await updateRow(client, entity, folder, text(row._id), changed, stamp);
  return true;
}

/** A stored decimal (text) as a Decimal; a blank is zero. */
export function decimalOf(value: RowValue | undefined): Decimal {
  return new Decimal(text(value) || 0);
}
