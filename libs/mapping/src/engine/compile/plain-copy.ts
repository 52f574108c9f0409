// A fast deep copy of plain data: class instances (xero-node models) become plain objects,
// undefined fields are dropped, Dates and primitives are kept. Used so a payload never shares
// objects with the canonical record or a constant in the compiled mapping.

export function plainCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = plainCopy(value[i] as unknown);
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') continue; // an own '__proto__' (from JSON.parse) would set the prototype
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) copy[key] = plainCopy(item);
  }
  return copy as T;
}
