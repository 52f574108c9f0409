// JSONata built-ins that can build huge output in one native call, wrapped with a size check
// that runs BEFORE the call (JSONata's timeout is checked between AST steps, so it cannot stop
// `$pad('', 1e9)` once started). Overrides are bound on the expression's own environment with
// registerFunction, which shadows the static built-ins (jsonata.js createFrame/lookup); the
// originals are captured once from JSONata itself, so the semantics stay JSONata's.
import jsonata from 'jsonata';
import { ExpressionLimitError } from './expression-errors';
import type { ExpressionLimits } from './safe-expression';

interface JsonataFunction {
  implementation: (...args: unknown[]) => unknown;
}
type Originals = Record<'pad' | 'join' | 'string' | 'replace', JsonataFunction>;

let originals: Originals | undefined;
/** Resolves once the original built-ins are captured; evaluations await it (instant afterwards). */
export const builtinsReady: Promise<void> = jsonata(
  '{"pad": $pad, "join": $join, "string": $string, "replace": $replace}',
)
  .evaluate({})
  .then((found: Originals) => {
    originals = found;
  });

function original(name: keyof Originals): JsonataFunction {
  if (!originals) throw new Error('JSONata built-ins are not captured yet');
  return originals[name];
}

function tooBig(what: string, size: number, cap: number): never {
  throw new ExpressionLimitError('size', `${what} would produce ${size} characters (cap ${cap})`);
}

/** Bounded estimate of a value's JSON size: stops counting once over `cap`. */
export function jsonSizeAtMost(value: unknown, cap: number, indent = 0): number {
  let size = 0;
  const visit = (item: unknown, depth: number): void => {
    if (size > cap) return;
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += 24;
    else {
      const children = Array.isArray(item) ? (item as unknown[]) : Object.values(item);
      size += 2 + children.length * (1 + indent * (depth + 1));
      if (!Array.isArray(item)) size += Object.keys(item).reduce((sum, key) => sum + key.length + 3, 0);
      for (const child of children) visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return size;
}

export function installGuardedBuiltins(expression: jsonata.Expression, limits: ExpressionLimits): void {
  const cap = limits.maxStringLength;
  expression.registerFunction(
    'pad',
    function (this: jsonata.Focus, str: string | undefined, width: number, char?: string) {
      const size = Math.abs(Math.trunc(width)) * Math.max(1, char?.length ?? 1);
      if (size > cap) tooBig('$pad', size, cap);
      return original('pad').implementation.call(this, str, width, char);
    },
    '<s-ns?:s>',
  );
  expression.registerFunction(
    'join',
    function (this: jsonata.Focus, strs: string[] | undefined, separator?: string) {
      if (strs !== undefined) {
        let size = (separator?.length ?? 0) * Math.max(0, strs.length - 1);
        for (const str of strs) size += str.length;
        if (size > cap) tooBig('$join', size, cap);
      }
      return original('join').implementation.call(this, strs, separator);
    },
    '<a<s>s?:s>',
  );
  expression.registerFunction(
    'string',
    function (this: jsonata.Focus, arg: unknown, prettify?: boolean) {
      const size = jsonSizeAtMost(arg, cap, prettify ? 2 : 0);
      if (size > cap) tooBig('$string', size, cap);
      return original('string').implementation.call(this, arg, prettify);
    },
    '<x-b?:s>',
  );
  expression.registerFunction(
    'replace',
    function (this: jsonata.Focus, str: string | undefined, pattern: unknown, replacement: unknown, limit?: number) {
      if (str !== undefined) {
        // A function replacement's results are joined natively, unbounded: not offered.
        if (typeof replacement !== 'string') {
          throw new ExpressionLimitError('forbidden', '$replace with a function replacement is not available');
        }
        const matches = Math.min(str.length + 1, limit ?? Infinity);
        const size = str.length + matches * replacement.length;
        if (size > cap) tooBig('$replace', size, cap);
      }
      return original('replace').implementation.call(this, str, pattern, replacement, limit);
    },
    '<s-(sf)(sf)n?:s>',
  );
}
