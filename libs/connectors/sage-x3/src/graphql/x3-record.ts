/** One X3 node as the connector hands it on: references flattened to their key, lines in an array. */
export interface X3Record {
  _id: string;
  _createStamp: string;
  _updateStamp: string;
  lines?: X3Record[];
  [property: string]: unknown;
}

/** `{ _id: 'EUR' }` → 'EUR': the connector selects references by key only. */
export function flatten(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.keys(value).length === 1 &&
      '_id' in value
    ) {
      out[key] = (value as { _id: string })._id;
    } else out[key] = value;
  }
  return out;
}
