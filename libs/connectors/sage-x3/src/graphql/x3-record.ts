/** One X3 node as the connector hands it on: references flattened to their key, lines in an array. */
export interface X3Record {
  _id: string;
  _createStamp: string;
  _updateStamp: string;
  lines?: X3Record[];
  [property: string]: unknown;
}

function isReference(value: unknown): value is { _id: string } & Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && '_id' in value;
}

/**
 * `{ _id: 'EUR' }` → 'EUR': the connector selects references by key. A reference read with more of
 * its properties keeps the key too and lifts each property beside it with the reference's name as
 * prefix: `product: { _id, accountingCode }` → `product`, `productAccountingCode`.
 */
export function flatten(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isReference(value)) {
      out[key] = value;
      continue;
    }
    out[key] = value._id;
    for (const [property, inner] of Object.entries(value)) {
      if (property !== '_id') out[`${key}${property[0].toUpperCase()}${property.slice(1)}`] = inner;
    }
  }
  return out;
}
