// Source and target paths of a mapping document, parsed once into accessor closures: a plain
// copy never goes near the expression interpreter. Grammar (see mapping-document.ts):
// segments separated by '.', each a name optionally followed by `[n]` or, once per path, `[]`
// (the line at the index being mapped).

export interface PathSegment {
  name: string;
  /** A fixed index, 'line' for `[]`, or undefined for a plain name. */
  index?: number | 'line';
}

export interface ParsedPath {
  segments: PathSegment[];
  /** Position of the segment carrying `[]`, or -1. */
  lineSegment: number;
}

const SEGMENT = /^([A-Za-z_$][A-Za-z0-9_$-]*)(?:\[(\d*)\])?$/;
/**
 * Names that would reach or replace an object's prototype, or read one of its inherited members
 * (`toString`, `hasOwnProperty` …): never valid in a path, so getters can read properties directly.
 */
export const UNSAFE_NAMES = new Set([
  '__proto__',
  'constructor',
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Parses a path; returns an error message instead when it does not follow the grammar. */
export function parsePath(path: string): ParsedPath | string {
  if (typeof path !== 'string' || path.length === 0) return 'a path must be a non-empty string';
  const segments: PathSegment[] = [];
  let lineSegment = -1;
  for (const part of path.split('.')) {
    const match = SEGMENT.exec(part);
    if (!match) return `'${part}' is not a path segment (name, name[n] or name[])`;
    const [, name, index] = match;
    if (UNSAFE_NAMES.has(name)) return `'${name}' may not appear in a path`;
    if (index === '') {
      if (lineSegment !== -1) return 'a path may hold at most one []';
      lineSegment = segments.length;
      segments.push({ name, index: 'line' });
    } else {
      segments.push(index === undefined ? { name } : { name, index: Number(index) });
    }
  }
  return { segments, lineSegment };
}

export function formatPath(segments: PathSegment[], line?: number): string {
  return segments
    .map((segment) => {
      if (segment.index === undefined) return segment.name;
      const index = segment.index === 'line' ? (line ?? '') : segment.index;
      return `${segment.name}[${index}]`;
    })
    .join('.');
}

/** A property of plain data; inherited members are out of reach (UNSAFE_NAMES) and functions are never data. */
function own(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  // Arrays are entered by index only (`lines.length` is not data).
  if (typeof key === 'string' && Array.isArray(value)) return undefined;
  const item = (value as Record<string | number, unknown>)[key];
  return typeof item === 'function' ? undefined : item;
}

/** A getter: reads own properties only; `line` resolves the `[]` segment. */
export type Getter = (root: unknown, line: number) => unknown;

export function compileGetter(path: ParsedPath): Getter {
  const { segments } = path;
  if (segments.length === 1 && segments[0].index === undefined) {
    const name = segments[0].name;
    return (root) => own(root, name);
  }
  return (root, line) => {
    let value = root;
    for (const segment of segments) {
      value = own(value, segment.name);
      if (segment.index !== undefined) {
        if (!Array.isArray(value)) return undefined;
        value = own(value, segment.index === 'line' ? line : segment.index);
      }
      if (value === undefined || value === null) return value;
    }
    return value;
  };
}

/** A setter: creates missing objects/arrays on the way; `undefined` deletes the field. */
export type Setter = (root: Record<string, unknown>, line: number, value: unknown) => void;

export function compileSetter(path: ParsedPath): Setter {
  const { segments } = path;
  const last = segments.length - 1;
  return (root, line, value) => {
    let container: Record<string | number, unknown> = root;
    for (let i = 0; i <= last; i++) {
      const segment = segments[i];
      const isLast = i === last;
      if (segment.index === undefined) {
        if (isLast) return assign(container, segment.name, value);
        container = child(container, segment.name, false);
        continue;
      }
      const array = child(container, segment.name, true) as unknown as unknown[];
      const index = segment.index === 'line' ? line : segment.index;
      if (isLast) return assign(array as unknown as Record<number, unknown>, index, value);
      container = child(array as unknown as Record<number, unknown>, index, false);
    }
  };
}

function child(container: Record<string | number, unknown>, key: string | number, asArray: boolean) {
  const existing = own(container, key);
  const fits = asArray ? Array.isArray(existing) : typeof existing === 'object' && existing !== null;
  if (fits) return existing as Record<string | number, unknown>;
  const created: Record<string | number, unknown> = asArray ? ([] as unknown as Record<number, unknown>) : {};
  container[key] = created;
  return created;
}

function assign(container: Record<string | number, unknown>, key: string | number, value: unknown): void {
  if (value === undefined) delete container[key];
  else container[key] = value;
}

/** Counts the lines a line mapping runs over: the target's array, else the source's lines. */
export function compileLineCounter(path: ParsedPath): (payload: unknown, sourceLines: unknown) => number {
  const prefix = path.segments.slice(0, path.lineSegment + 1).map((segment) => ({ name: segment.name }));
  const readTarget = compileGetter({ segments: prefix, lineSegment: -1 });
  return (payload, sourceLines) => {
    const target = readTarget(payload, 0);
    if (Array.isArray(target)) return target.length;
    return Array.isArray(sourceLines) ? sourceLines.length : 0;
  };
}
