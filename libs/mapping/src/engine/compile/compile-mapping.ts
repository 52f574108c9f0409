// compileMapping: a validated mapping document turned, once per version, into closures. Copies,
// constants and lookups become direct accessors; only `expression` sources and the filter hold
// a compiled JSONata expression.
import type { CanonicalEntity } from '../../canonical';
import type { MappingDirection } from '../../adapters/adapter-contract';
import type { FieldMapping, MappingDocument, MappingDefaults, StatusTarget, ValueSource } from '../mapping-document';
import {
  compileExpression,
  DEFAULT_EXPRESSION_LIMITS,
  type CompiledExpression,
  type ExpressionLimits,
} from '../expression';
import { validateMappingDocument } from '../validate/validate-document';
import type { MappingIssue } from '../validate/document-checks';
import { compileLookup, keyPart, SEPARATOR, type CompiledLookup, type LookupValue } from './lookups';
import {
  compileGetter,
  compileLineCounter,
  compileSetter,
  parsePath,
  type Getter,
  type ParsedPath,
  type Setter,
} from './paths';
import { plainCopy } from './plain-copy';
import { trackedTypes } from '../run/tracking';

/** Everything a value resolver may read. `line` is the index in a line mapping, else 0. */
export interface ResolveInput {
  canonical: unknown;
  source: unknown;
  payload: Record<string, unknown>;
  line: number;
}

/** A lookup miss: resolvers return it instead of a value. */
export class LookupMiss {
  constructor(
    readonly table: string,
    readonly key: string[],
  ) {}
}

export type Resolver = (input: ResolveInput) => unknown;

export interface CompiledField {
  readonly target: string;
  readonly line: ParsedPath | undefined;
  readonly set: Setter;
  readonly get: Getter;
  readonly countLines: ((payload: unknown, sourceLines: unknown) => number) | undefined;
  readonly mode: 'set' | 'default';
  readonly required: boolean;
  /** Synchronous for copy, constant and lookup; async (a Promise) only for expressions. */
  readonly resolve: Resolver;
  readonly isExpression: boolean;
  /** The target with `[]` replaced by the line index (memoised: no string built per record). */
  lineTarget(line: number): string;
}

export interface CompiledStatusMap {
  readonly read: Getter;
  readonly write: Setter;
  readonly target: string;
  readonly entries: ReadonlyMap<string, StatusTarget>;
  readonly otherwise: StatusTarget | 'keep';
}

export interface CompiledMapping {
  readonly document: MappingDocument;
  readonly entity: CanonicalEntity;
  readonly direction: MappingDirection;
  readonly fields: readonly CompiledField[];
  readonly lookups: ReadonlyMap<string, CompiledLookup>;
  readonly statusMap: CompiledStatusMap | undefined;
  readonly defaults: MappingDefaults;
  readonly rateSource: string | undefined;
  readonly filter: { expression: CompiledExpression; reason: string } | undefined;
  /** options.tracking: the table dimensions go through, and the dimension types it maps. */
  readonly tracking: { table: CompiledLookup; types: ReadonlySet<string> } | undefined;
  readonly limits: ExpressionLimits;
}

export class MappingCompileError extends Error {
  override readonly name = 'MappingCompileError';
  constructor(readonly issues: MappingIssue[]) {
    super(`the mapping document is invalid: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`);
  }
}

function parsed(path: string): ParsedPath {
  const result = parsePath(path);
  if (typeof result === 'string') throw new MappingCompileError([{ path, message: result }]);
  return result;
}

export function compileMapping(
  doc: MappingDocument,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
): CompiledMapping {
  const issues = validateMappingDocument(doc);
  if (issues.length > 0) throw new MappingCompileError(issues);
  const lookups = new Map(doc.lookups.map((table) => [table.name, compileLookup(table)] as const));
  const filter = doc.options?.filter;
  const trackingTable = doc.lookups.find((table) => table.name === doc.options?.tracking?.table);
  return {
    document: doc,
    entity: doc.entity,
    direction: doc.direction,
    fields: doc.fields.map((field) => compileField(field, lookups, limits)),
    lookups,
    statusMap: doc.statusMap && {
      read: compileGetter(parsed(doc.statusMap.from ?? 'sourceStatus')),
      write: compileSetter(parsed(doc.statusMap.target ?? 'status')),
      target: doc.statusMap.target ?? 'status',
      entries: new Map(Object.entries(doc.statusMap.entries)),
      otherwise: doc.statusMap.otherwise ?? 'keep',
    },
    defaults: doc.defaults ?? {},
    rateSource: doc.options?.rateSource?.kind === 'named' ? doc.options.rateSource.name : undefined,
    filter: filter && {
      expression: compileExpression(filter.expression, limits),
      reason: filter.reason ?? 'excluded by the mapping filter',
    },
    tracking: trackingTable && {
      table: lookups.get(trackingTable.name)!,
      types: trackedTypes(trackingTable.entries),
    },
    limits,
  };
}

function compileField(
  field: FieldMapping,
  lookups: ReadonlyMap<string, CompiledLookup>,
  limits: ExpressionLimits,
): CompiledField {
  const target = parsed(field.target);
  const line = target.lineSegment === -1 ? undefined : target;
  return {
    target: field.target,
    line,
    set: compileSetter(target),
    get: compileGetter(target),
    countLines: line && compileLineCounter(line),
    mode: field.mode ?? 'set',
    required: field.required ?? false,
    resolve: compileSource(field.source, lookups, limits),
    isExpression: field.source.kind === 'expression',
    lineTarget: lineTargets(field.target),
  };
}

function compileSource(
  source: ValueSource,
  lookups: ReadonlyMap<string, CompiledLookup>,
  limits: ExpressionLimits,
): Resolver {
  switch (source.kind) {
    case 'copy': {
      const get = compileGetter(parsed(source.from));
      return source.origin === 'source'
        ? (input) => plainCopy(get(input.source, input.line))
        : (input) => plainCopy(get(input.canonical, input.line));
    }
    case 'constant': {
      const value = source.value;
      if (value === null) return () => undefined;
      return typeof value === 'object' ? () => plainCopy(value) : () => value;
    }
    case 'lookup': {
      const table = lookups.get(source.table) as CompiledLookup;
      const parts = source.key.map((path) => compileGetter(parsed(path)));
      const field = source.field;
      const keyOf = (input: ResolveInput) => parts.map((get) => keyPart(get(input.canonical, input.line)) ?? '');
      return (input) => {
        let joined = '';
        for (let i = 0; i < parts.length; i++) {
          if (i > 0) joined += SEPARATOR;
          joined += keyPart(parts[i](input.canonical, input.line)) ?? '';
        }
        const value = table.findJoined(joined, () => keyOf(input));
        if (value === undefined) return new LookupMiss(table.name, keyOf(input));
        return field === undefined ? { ...value } : value[field];
      };
    }
    case 'expression': {
      const expression = compileExpression(source.expression, limits);
      const lookupTable = lookupBinding(lookups);
      return (input) => {
        const lines = recordLines(input.canonical);
        return expression.evaluate(input.canonical, {
          line: lines ? lines[input.line] : undefined,
          source: input.source,
          target: input.payload,
          lookupTable,
        });
      };
    }
  }
}

/**
 * What a '[]' target walks when the payload has no such array yet, and what `$line` is: a
 * document's lines, or a payment's allocations (one Xero Payment per allocation).
 */
export function recordLines(canonical: unknown): unknown[] | undefined {
  const record = canonical as { lines?: unknown; allocations?: unknown } | null;
  if (Array.isArray(record?.lines)) return record.lines as unknown[];
  return Array.isArray(record?.allocations) ? (record.allocations as unknown[]) : undefined;
}

function lineTargets(target: string): (line: number) => string {
  const known: string[] = [];
  return (line) => (known[line] ??= target.replace('[]', `[${line}]`));
}

/** `$lookupTable(name, key)`: key a string or an array of strings; the value object or undefined. */
function lookupBinding(lookups: ReadonlyMap<string, CompiledLookup>) {
  return (name: unknown, key: unknown): LookupValue | undefined => {
    if (typeof name !== 'string') return undefined;
    const table = lookups.get(name);
    if (!table) return undefined;
    const parts = (Array.isArray(key) ? (key as unknown[]) : [key]).map((part) => keyPart(part) ?? '');
    const value = table.find(parts);
    return value && { ...value };
  };
}
