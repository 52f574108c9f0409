// Field-level diff of a target record's current state against the payload a mapping would send,
// for the dry run. Only what the payload sends can change, so the walk follows the proposed
// payload; an array is sent whole, so current items beyond its length count as removed. Values
// are compared as the target understands them: numbers and numeric strings as decimals (10 and
// "10.00" are equal), dates by their calendar day.
import Decimal from 'decimal.js';

export interface FieldChange {
  /** `lineItems[2].accountCode` */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T00:00:00(\.0+)?Z?)?$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function scalarKey(value: unknown): string {
  if (value instanceof Date) return `d:${value.toISOString().replace(DATE_TIME, '$1')}`;
  if (typeof value === 'number' && Number.isFinite(value)) return `n:${new Decimal(String(value)).toString()}`;
  if (typeof value === 'string') {
    if (NUMERIC.test(value)) return `n:${new Decimal(value).toString()}`;
    const date = DATE_TIME.exec(value);
    return date ? `d:${date[1]}` : `s:${value}`;
  }
  return `${typeof value}:${String(value)}`;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

export function diffPayloads(current: unknown, proposed: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(current, proposed, '', changes);
  return changes;
}

function join(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  return prefix ? `${prefix}.${key}` : key;
}

function walk(current: unknown, proposed: unknown, path: string, changes: FieldChange[]): void {
  if (proposed === undefined) return;
  if (Array.isArray(proposed)) {
    const before = Array.isArray(current) ? current : [];
    proposed.forEach((item, i) => walk(before[i], item, join(path, i), changes));
    for (let i = proposed.length; i < before.length; i++) {
      changes.push({ path: join(path, i), kind: 'removed', before: before[i] });
    }
    return;
  }
  if (isObject(proposed)) {
    const before = isObject(current) ? current : {};
    for (const key of Object.keys(proposed)) walk(before[key], proposed[key], join(path, key), changes);
    return;
  }
  if (isAbsent(current)) {
    if (!isAbsent(proposed)) changes.push({ path, kind: 'added', after: proposed });
    return;
  }
  if (isObject(current) || Array.isArray(current) || scalarKey(current) !== scalarKey(proposed)) {
    changes.push({ path, kind: 'changed', before: current, after: proposed });
  }
}
