// JSONata expressions compiled once and evaluated inside limits. JSONata's own guardrails (the
// `timeout`, `stack` and `sequence` options, checked on entry to every AST node) stop runaway
// recursion and loops; a single built-in call is not an AST step, so the built-ins that can build
// huge output in one call are replaced by capped versions (guarded-builtins.ts), and an exit hook
// caps every intermediate string and array. Nothing reaches the expression but its input and
// bindings: field access in JSONata 2.2 reads own properties only, and the AST check below refuses
// prototype names, `$eval` and regexes that backtrack catastrophically before anything runs; a
// regex that can still backtrack runs under a time budget (bounded-regex.ts).
import jsonata from 'jsonata';
import { boundedRegexEngine } from './bounded-regex';
import { builtinsReady, installGuardedBuiltins } from './guarded-builtins';
import { ExpressionLimitError, ExpressionRefusedError } from './expression-errors';
import { refusalsIn } from './ast-check';
import { weightOf } from './structure-weight';

export interface ExpressionLimits {
  /** Wall-clock budget of one evaluation. */
  timeoutMs: number;
  /** Nesting depth of evaluation (recursion). */
  maxDepth: number;
  /** Longest string any step or built-in may produce. */
  maxStringLength: number;
  /** Longest array / sequence any step may produce. */
  maxArrayLength: number;
  /** Logical size (tree nodes, shared references counted each time) of any step's result. */
  maxNodes: number;
  /** Characters and items all steps of one evaluation may produce together. */
  maxProduced: number;
  /** Size of the final result, as JSON characters. */
  maxResultChars: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = {
  timeoutMs: 250,
  maxDepth: 300,
  maxStringLength: 100_000,
  maxArrayLength: 10_000,
  maxNodes: 50_000,
  maxProduced: 2_000_000,
  maxResultChars: 200_000,
};

export interface CompiledExpression {
  readonly text: string;
  /** Resolves to the result, or rejects with ExpressionLimitError / ExpressionEvaluationError. */
  evaluate(input: unknown, bindings: Record<string, unknown>): Promise<unknown>;
}

interface JsonataFailure {
  code?: string;
  position?: number;
  token?: string;
  message?: string;
}

const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');
const LIMIT_CODES: Record<string, ExpressionLimitError['limit']> = {
  D1011: 'depth',
  D1012: 'time',
  D2014: 'size',
  D2015: 'size',
};

/** Parses and checks `text`; throws ExpressionRefusedError (with position) when it is refused. */
export function compileExpression(
  text: string,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
): CompiledExpression {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(text, {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: limits.maxArrayLength,
      RegexEngine: boundedRegexEngine(limits.timeoutMs),
    });
  } catch (error) {
    const failure = error as JsonataFailure;
    throw new ExpressionRefusedError(failure.message ?? 'syntax error', failure.position ?? 0, failure.token);
  }
  const refusal = refusalsIn(expression.ast())[0];
  if (refusal) throw new ExpressionRefusedError(refusal.message, refusal.position, refusal.token);

  installGuardedBuiltins(expression, limits);
  // Every node's result passes here: a string or array over its cap stops the evaluation.
  const produced = new WeakMap<object, number>();
  const capResult = (_node: unknown, _input: unknown, env: { base: object }, result: unknown): void => {
    if (typeof result === 'string' || Array.isArray(result)) {
      // Many results each under their cap can still add up (a sequence of big strings).
      const total = (produced.get(env.base) ?? 0) + result.length;
      if (total > limits.maxProduced) {
        throw new ExpressionLimitError('size', `the evaluation produced more than ${limits.maxProduced} characters`);
      }
      produced.set(env.base, total);
    }
    if (typeof result === 'string' && result.length > limits.maxStringLength) {
      throw new ExpressionLimitError('size', `a string of ${result.length} characters exceeds the cap`);
    }
    if (Array.isArray(result) && result.length > limits.maxArrayLength) {
      throw new ExpressionLimitError('size', `an array of ${result.length} items exceeds the cap`);
    }
    if (typeof result === 'object' && result !== null && weightOf(result, limits.maxNodes) > limits.maxNodes) {
      throw new ExpressionLimitError('size', `a structure of more than ${limits.maxNodes} nodes exceeds the cap`);
    }
  };
  (expression.assign as unknown as (name: symbol, value: unknown) => void)(EXIT_HOOK, capResult);

  return {
    text,
    async evaluate(input, bindings) {
      await builtinsReady;
      let result: unknown;
      try {
        result = await expression.evaluate(input, bindings);
      } catch (error) {
        throw asEvaluationError(error);
      }
      return checkedResult(result, limits.maxResultChars);
    },
  };
}

function asEvaluationError(error: unknown): Error {
  if (error instanceof ExpressionLimitError) return error;
  const failure = error as JsonataFailure;
  const limit = failure.code ? LIMIT_CODES[failure.code] : undefined;
  if (limit) return new ExpressionLimitError(limit, failure.message ?? failure.code ?? 'limit');
  // A JavaScript stack overflow or allocation failure inside a built-in is a limit too.
  if (error instanceof RangeError) return new ExpressionLimitError('depth', error.message);
  const wrapped = new Error(failure.message ?? String(error));
  wrapped.name = 'ExpressionEvaluationError';
  return wrapped;
}

/** The result as plain JSON data (sequences unwrapped), refused when over the cap or a function. */
function checkedResult(result: unknown, maxChars: number): unknown {
  if (result === undefined) return undefined;
  if (typeof result === 'function' || isJsonataFunction(result)) {
    throw new ExpressionLimitError('type', 'an expression may not return a function');
  }
  const budget = { left: maxChars };
  return toPlain(result, budget);
}

function isJsonataFunction(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('_jsonata_function' in value || '_jsonata_lambda' in value);
}

/** Copies the result into plain arrays/objects, counting characters against the budget. */
function toPlain(value: unknown, budget: { left: number }): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return spend(budget, value.length + 2, value);
  if (typeof value === 'number' || typeof value === 'boolean') return spend(budget, 8, value);
  if (typeof value === 'function' || isJsonataFunction(value)) return spend(budget, 2, undefined);
  if (Array.isArray(value)) {
    spend(budget, 2, undefined);
    return value.map((item) => toPlain(item, budget));
  }
  if (typeof value === 'object') {
    spend(budget, 2, undefined);
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      spend(budget, key.length + 3, undefined);
      const item = toPlain((value as Record<string, unknown>)[key], budget);
      if (item !== undefined) copy[key] = item;
    }
    return copy;
  }
  return undefined;
}

function spend<T>(budget: { left: number }, cost: number, value: T): T {
  budget.left -= cost;
  if (budget.left < 0) throw new ExpressionLimitError('size', 'the result exceeds the output cap');
  return value;
}
