// run: one record through the pipeline, with no database or network round trip.
// source record → source adapter → canonical → (filter, named rate) → target adapter's default
// payload → status map → field mappings in order → defaults → validation → outcome.
import type { CanonicalRecord } from '../../canonical';
import { AdapterContext, AwaitingReference } from '../../adapters/adapter-contract';
import {
  LookupMiss,
  recordLines,
  type CompiledField,
  type CompiledMapping,
  type ResolveInput,
} from '../compile/compile-mapping';
import { plainCopy } from '../compile/plain-copy';
import { applyDefaults } from './defaults';
import { translateTracking } from './tracking';
import type { MappingOutcome, MappingRunContext, MappingWarning, MissingLookup, RecordError } from './outcome';
import { validatePayload } from '../validate/validate-payload';
import { ExpressionLimitError } from '../expression';

/**
 * The rule of an expression that failed. Its wall-clock budget is the one limit a busy host can
 * trip on a sound expression, so that failure has its own rule and the caller may try again.
 */
function expressionRule(error: unknown): 'expression' | 'expression-time' {
  return error instanceof ExpressionLimitError && error.limit === 'time' ? 'expression-time' : 'expression';
}

type Adapt = {
  toCanonical: (record: Record<string, unknown>, ctx: AdapterContext) => CanonicalRecord;
  toTarget: (record: CanonicalRecord, ctx: AdapterContext) => object;
  /** The target adapter promises a fresh plain payload (XeroAdapter.plainOutput): no copy needed. */
  plainOutput: boolean;
};

function adaptersFor(compiled: CompiledMapping, context: MappingRunContext): Adapt {
  const { x3, xero } = context.adapters;
  const x3Adapter = x3[compiled.entity];
  const xeroAdapter = xero[compiled.entity];
  if (!x3Adapter || !xeroAdapter) throw new Error(`no X3 and Xero adapters registered for ${compiled.entity}`);
  type Loose = { [name: string]: ((record: never, ctx: AdapterContext) => unknown) | undefined };
  const fromX3 = (x3Adapter as unknown as Loose).fromX3;
  const toX3 = (x3Adapter as unknown as Loose).toX3;
  const toXero = (xeroAdapter as unknown as Loose).toXero;
  const fromXero = (xeroAdapter as unknown as Loose).fromXero;
  const pair = compiled.direction === 'x3-to-xero' ? [fromX3, toXero] : [fromXero, toX3];
  if (!pair[0] || !pair[1]) throw new Error(`${compiled.entity} cannot be mapped ${compiled.direction}`);
  const plainOutput =
    compiled.direction === 'x3-to-xero' && (xeroAdapter as { plainOutput?: boolean }).plainOutput === true;
  return { toCanonical: pair[0] as Adapt['toCanonical'], toTarget: pair[1] as Adapt['toTarget'], plainOutput };
}

function keyOf(record: unknown): string {
  const fields = record as Record<string, unknown>;
  for (const name of ['key', 'code', 'productKey']) if (typeof fields?.[name] === 'string') return fields[name];
  return '(unknown record)';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export async function runMapping(
  compiled: CompiledMapping,
  sourceRecord: Record<string, unknown>,
  context: MappingRunContext,
): Promise<MappingOutcome> {
  const adapt = adaptersFor(compiled, context);
  const ctx = context.adapterContext;
  let record = context.recordId ?? keyOf(sourceRecord);
  const fail = (field: string, rule: string, text: string): MappingOutcome => ({
    kind: 'invalid',
    errors: [{ record, field, rule, message: text }],
  });

  let canonical: CanonicalRecord;
  try {
    canonical = adapt.toCanonical(sourceRecord, ctx);
  } catch (error) {
    // a record of the other system it refers to is not known yet: wait for it, as for a lookup
    if (error instanceof AwaitingReference) return { kind: 'waiting', missing: error.awaited.map((a) => ({ ...a })) };
    return fail('(record)', 'source-shape', message(error));
  }
  record = context.recordId ?? keyOf(canonical);

  if (compiled.filter) {
    try {
      const keep = await compiled.filter.expression.evaluate(canonical, { source: sourceRecord });
      if (keep !== true) return { kind: 'skipped', reason: compiled.filter.reason };
    } catch (error) {
      return fail('options.filter', expressionRule(error), message(error));
    }
  }

  const warnings: MappingWarning[] = [];
  if (compiled.rateSource) {
    const rated = withNamedRate(canonical, compiled.rateSource, context);
    if (typeof rated === 'string') return fail('currencyRate', 'rate-source', rated);
    if (rated !== canonical) {
      warnings.push({
        field: 'currencyRate',
        message: `rate from source '${compiled.rateSource}', not the document's`,
      });
    }
    canonical = rated;
  }

  let payload: Record<string, unknown>;
  try {
    const target = adapt.toTarget(canonical, ctx);
    payload = (adapt.plainOutput ? target : plainCopy(target)) as Record<string, unknown>;
  } catch (error) {
    return fail('(record)', 'target-shape', message(error));
  }

  const status = compiled.statusMap;
  if (status) {
    const code = status.read(canonical, 0);
    const mapped = (typeof code === 'string' ? status.entries.get(code) : undefined) ?? status.otherwise;
    if (mapped === 'skip') return { kind: 'skipped', reason: `status '${String(code)}' is not synced` };
    if (mapped !== 'keep') status.write(payload, 0, mapped);
  }

  const input: ResolveInput = { canonical, source: sourceRecord, payload, line: 0 };
  const errors: RecordError[] = [];
  const missing: MissingLookup[] = [];
  const lines = recordLines(canonical);
  for (const field of compiled.fields) {
    const count = field.countLines ? field.countLines(payload, lines) : 1;
    for (let i = 0; i < count; i++) {
      input.line = i;
      const target = field.countLines ? field.lineTarget(i) : field.target;
      // Only expressions are awaited: copies, constants and lookups stay synchronous.
      let value: unknown;
      try {
        value = field.isExpression ? await field.resolve(input) : field.resolve(input);
      } catch (error) {
        errors.push({ record, field: target, rule: expressionRule(error), message: message(error) });
        continue;
      }
      store(field, value, input, target, record, errors, missing);
    }
  }
  if (compiled.tracking) missing.push(...translateTracking(payload, compiled.tracking.table, compiled.tracking.types));
  if (errors.some((error) => error.rule.startsWith('expression'))) return { kind: 'invalid', errors };
  if (missing.length > 0) return { kind: 'waiting', missing, canonical };

  if (compiled.direction === 'x3-to-xero') {
    for (const field of applyDefaults(compiled.entity, compiled.defaults, canonical, payload)) {
      warnings.push({ field, message: 'filled from the mapping defaults' });
    }
  }
  for (const error of validatePayload(compiled.direction, canonical, payload, context))
    errors.push({ record, ...error });
  if (errors.length > 0) return { kind: 'invalid', errors };
  return { kind: 'mapped', payload, canonical, warnings };
}

function store(
  field: CompiledField,
  value: unknown,
  input: ResolveInput,
  target: string,
  record: string,
  errors: RecordError[],
  missing: MissingLookup[],
): void {
  if (value instanceof LookupMiss) {
    missing.push({ table: value.table, key: value.key, field: target });
    return;
  }
  if (field.mode === 'default' && !isEmpty(field.get(input.payload, input.line))) return;
  if (field.required && isEmpty(value)) {
    errors.push({ record, field: target, rule: 'required', message: `${target} is required by the mapping` });
    return;
  }
  field.set(input.payload, input.line, value);
}

/** The canonical record with its rate taken from the named source, or why it cannot be. */
function withNamedRate(
  canonical: CanonicalRecord,
  source: string,
  context: MappingRunContext,
): CanonicalRecord | string {
  const document = canonical as { currency?: unknown; date?: unknown; exchangeRate?: unknown };
  const base = context.adapterContext.baseCurrency;
  if (typeof document.currency !== 'string' || typeof document.date !== 'string' || document.currency === base) {
    return canonical;
  }
  const rate = context.rateFor?.(source, document.currency, base, document.date);
  if (rate === undefined) return `rate source '${source}' has no ${document.currency} rate for ${document.date}`;
  return { ...canonical, exchangeRate: { baseCurrency: base, rate, rateType: `named:${source}` } } as CanonicalRecord;
}
