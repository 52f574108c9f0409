// Small helpers for the strict document validator: each check appends issues that name the
// JSON path of the offending value.

export interface MappingIssue {
  /** JSON path into the document, e.g. `$.fields[2].source.expression`. */
  path: string;
  message: string;
  /** For expression errors: the character offset in the expression text. */
  position?: number;
}

export class IssueList {
  readonly issues: MappingIssue[] = [];

  add(path: string, message: string, position?: number): void {
    this.issues.push(position === undefined ? { path, message } : { path, message, position });
  }

  isObject(value: unknown, path: string): value is Record<string, unknown> {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
    this.add(path, 'must be an object');
    return false;
  }

  isArray(value: unknown, path: string): value is unknown[] {
    if (Array.isArray(value)) return true;
    this.add(path, 'must be an array');
    return false;
  }

  isString(value: unknown, path: string, { optional = false, nonEmpty = true } = {}): boolean {
    if (value === undefined && optional) return true;
    if (typeof value === 'string' && (!nonEmpty || value.length > 0)) return true;
    this.add(path, nonEmpty ? 'must be a non-empty string' : 'must be a string');
    return false;
  }

  isOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, optional = false): value is T {
    if (value === undefined && optional) return true;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
    this.add(path, `must be one of ${allowed.join(', ')}`);
    return false;
  }

  isInteger(value: unknown, path: string, min: number, max: number): boolean {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return true;
    this.add(path, `must be a whole number from ${min} to ${max}`);
    return false;
  }

  /** Refuses keys the type does not declare: a typo must not be silently ignored. */
  onlyKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(`${path}.${key}`, 'is not a known field');
    }
  }
}

export function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).every(([key, item]) => key !== '__proto__' && isJsonValue(item, depth + 1));
  }
  return false;
}
