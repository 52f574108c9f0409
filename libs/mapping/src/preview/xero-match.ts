// Finds the Xero record each mapped payload would land on (by natural key, as the writer's
// after-an-unclear-outcome lookup does) and says what would change: reads only, no writes.
import { EntitySpec, spec, XeroOrg } from '#lb/connectors/xero';
import { diffPayloads, FieldChange } from '../engine/diff/payload-diff';

type Row = Record<string, unknown>;

const LOOKUP_CHUNK = 50;

/** Which natural key of the entity a payload carries, and its value. */
export function naturalKeyOf(s: EntitySpec, payload: Row): { field: string; value: string } | undefined {
  for (const field of s.naturalKeys) {
    const value = payload[field];
    if (typeof value === 'string' && value) return { field, value };
  }
  const id = payload[s.idField];
  return typeof id === 'string' && id ? { field: s.idField, value: id } : undefined;
}

const live = (row: Row) => row.status !== 'DELETED' && row.status !== 'ARCHIVED';

/** payload index → the live Xero record with the same natural key. */
export async function findExisting(org: XeroOrg, entity: string, payloads: Row[]): Promise<Map<number, Row>> {
  const s = spec(entity);
  const found = new Map<number, Row>();
  const wanted = new Map<string, Array<{ index: number; value: string }>>();
  payloads.forEach((payload, index) => {
    const key = naturalKeyOf(s, payload);
    if (key) wanted.set(key.field, [...(wanted.get(key.field) ?? []), { index, value: key.value }]);
  });
  for (const [field, items] of wanted) {
    const rows = await readByKeys(org, entity, field, [...new Set(items.map((i) => i.value))]);
    for (const item of items) {
      const hit = rows.find((r) => r[field] === item.value && live(r));
      if (hit) found.set(item.index, hit);
    }
  }
  return found;
}

/** The entity's records whose `field` is one of `values`, at most LOOKUP_CHUNK keys per call. */
export async function readByKeys(org: XeroOrg, entity: string, field: string, values: string[]): Promise<Row[]> {
  const s = spec(entity);
  const rows: Row[] = [];
  if (!s.findByKeys || field === s.idField) {
    // Small reference lists (accounts, tax rates): one listing answers every key.
    const { body } = await org.call({ operation: `list:${entity}`, isWrite: false }, (api, t) => s.list(api, t, {}));
    return ((body as Row)[s.wrapper] as Row[] | undefined) ?? [];
  }
  for (let i = 0; i < values.length; i += LOOKUP_CHUNK) {
    const chunk = values.slice(i, i + LOOKUP_CHUNK);
    const { body } = await org.call({ operation: `lookup:${entity}`, isWrite: false }, (api, t) =>
      s.findByKeys!(api, t, field, chunk),
    );
    rows.push(...(((body as Row)[s.wrapper] as Row[] | undefined) ?? []));
  }
  return rows;
}

/** Xero lists whose items are told apart by a type, not by position (Xero returns every type, in its own order). */
const ITEM_KEYS = ['addressType', 'phoneType'] as const;

function itemKeyOf(list: unknown[]): string | undefined {
  return ITEM_KEYS.find((key) => list.every((item) => !!item && typeof (item as Row)[key] === 'string'));
}

/**
 * The target's current values of just the fields the payload sets (recursively), so fields Xero
 * fills on its own (ids, totals it computes, timestamps, address types we do not send) do not
 * show up as changes.
 */
export function projectOnto(current: unknown, shape: unknown): unknown {
  if (Array.isArray(shape)) {
    const list = Array.isArray(current) ? (current as unknown[]) : [];
    const key = shape.length ? itemKeyOf(shape) : undefined;
    if (key) {
      return shape.map((item) =>
        projectOnto(
          list.find((c) => !!c && (c as Row)[key] === (item as Row)[key]),
          item,
        ),
      );
    }
    return shape.map((item, i) => projectOnto(list[i], item));
  }
  if (shape && typeof shape === 'object') {
    const source = current && typeof current === 'object' && !Array.isArray(current) ? (current as Row) : {};
    return Object.fromEntries(Object.keys(shape).map((k) => [k, projectOnto(source[k], (shape as Row)[k])]));
  }
  return current instanceof Date ? current.toISOString() : current;
}

/** The field changes writing `payload` over `current` would make (empty: unchanged). */
export function changesAgainst(current: Row, payload: Row): FieldChange[] {
  const plain = JSON.parse(JSON.stringify(payload)) as Row;
  return diffPayloads(projectOnto(current, plain), plain).filter(
    // A field Xero does not return for an empty value is not a change to an empty one.
    (c) => !(c.before === undefined && (c.after === '' || c.after === null)),
  );
}
