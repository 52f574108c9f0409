// Mapping expressions that try to escape, generated rather than listed: prototype and global
// names (as fields, string literals, `$lookup` keys built at run time, variables), `$eval`,
// recursion and loops, built-ins that build huge output, regexes that backtrack, and any mix of
// them. Whatever the text, the engine refuses it before it runs or evaluates it to plain JSON
// data within its limits; nothing outside the record is read or changed. The same through the
// running api is in tenant-input.e2e-spec.ts; hand-picked cases in libs/mapping
// (safe-expression.spec.ts) and apps/api/test/mappings-hostile.e2e-spec.ts.
import fc from 'fast-check';
import {
  compileExpression,
  DEFAULT_EXPRESSION_LIMITS,
  ExpressionLimitError,
  ExpressionRefusedError,
} from '#lb/mapping';

jest.setTimeout(180_000);

const SEED = 1709;
const CANARY = 'lb-attack-canary-7f3e';

const record = {
  key: 'SO00042',
  name: 'Acme',
  lines: [{ quantity: '2', taxCode: 'S', amount: '10.00' }],
  nested: { a: { b: 'deep' } },
};

const ESCAPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__lookupGetter__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'process',
  'global',
  'globalThis',
  'require',
  'module',
  'mainModule',
  'this',
  'env',
  'Function',
];
const quoted = (s: string) => JSON.stringify(s);

/** Expressions up to a few levels deep, mixing every kind of escape attempt. */
const { expr } = fc.letrec<{ expr: string; name: string; regex: string }>((tie) => ({
  name: fc.oneof(
    fc.constantFrom(...ESCAPE_NAMES),
    fc
      .tuple(fc.constantFrom(...ESCAPE_NAMES), fc.integer({ min: 1, max: 8 }))
      .map(([n, cut]) => `${quoted(n.slice(0, cut))} & ${quoted(n.slice(cut))}`),
  ),
  regex: fc.constantFrom('/a*a*a*b/', '/(a+)+$/', '/[^A-Za-z0-9_]/', '/.*/i', '/(a|aa)*b/', '/\\w*\\w*\\w*!/m'),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('$', '$$', 'key', 'name', 'nested.a.b', 'lines', 'lines.amount', '"aaaaaaaaaaaaaaaaaaaaaaaaaaaa"'),
    fc.constantFrom('1e308', '-0', '9007199254740993', '[1..10]', '[1..10000]', '[1..10000000]'),
    fc.constantFrom('$process', '$require', '$global', '$this', '$constructor', '$eval', '$function', '$env'),
    fc.constantFrom(...ESCAPE_NAMES).map((n) => quoted(n)),
    tie('name').map((n) => `$lookup($, ${n})`),
    fc.tuple(tie('expr'), fc.constantFrom(...ESCAPE_NAMES)).map(([e, n]) => `(${e}).\`${n}\``),
    fc.tuple(tie('expr'), tie('name')).map(([e, n]) => `$lookup(${e}, ${n})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) & (${b})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `[${a}, ${b}]`),
    fc.tuple(fc.constantFrom(...ESCAPE_NAMES), tie('expr')).map(([k, v]) => `{${quoted(k)}: ${v}}`),
    fc
      .tuple(
        fc.constantFrom(
          '$string',
          '$keys',
          '$spread',
          '$type',
          '$sort',
          '$reverse',
          '$distinct',
          '$base64decode',
          '$eval',
        ),
        tie('expr'),
      )
      .map(([f, e]) => `${f}(${e})`),
    fc.tuple(tie('expr'), fc.constantFrom(1e3, 1e5, 1e9, -1e9)).map(([e, n]) => `$pad($string(${e}), ${n}, "ab")`),
    fc.tuple(tie('expr'), tie('regex')).map(([e, r]) => `$replace($pad($string(${e}), 3000, "a"), ${r}, "x")`),
    fc.tuple(tie('expr'), tie('regex')).map(([e, r]) => `$match($pad($string(${e}), 3000, "a"), ${r})`),
    fc.tuple(tie('expr'), tie('regex')).map(([e, r]) => `$split($pad($string(${e}), 3000, "a"), ${r})`),
    tie('expr').map((e) => `$each(${e}, function($v, $k) { [$k, $v] })`),
    tie('expr').map((e) => `$merge([${e}, {"__proto__": {"polluted": true}}])`),
    fc
      .constantFrom(
        '$f($n + 1)',
        '1 + $f($n + 1)',
        '[$f($n + 1), $f($n + 1)]',
        '$f($n & $n)',
        '$n > 30 ? $n : $f($n + 1) & $f($n + 2)',
      )
      .map((body) => `($f := function($n) { ${body} }; $f(0))`),
    tie('expr').map((e) => `($t := function($x, $n) { $n = 0 ? $x : $t([$x, $x], $n - 1) }; $t(${e}, 40))`),
  ),
}));

function isPlainJson(value: unknown): boolean {
  return JSON.stringify(JSON.parse(JSON.stringify(value ?? null))) === JSON.stringify(value ?? null);
}

describe('attack: mapping expressions that try to escape (property, the engine)', () => {
  const prototypeKeys = () =>
    [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort());
  let before: string[][];

  beforeAll(() => {
    process.env.LB_ATTACK_CANARY = CANARY;
    (globalThis as Record<string, unknown>).lbAttackCanary = CANARY;
    before = prototypeKeys();
  });
  afterAll(() => {
    delete process.env.LB_ATTACK_CANARY;
    delete (globalThis as Record<string, unknown>).lbAttackCanary;
  });

  it('refuses before running, or answers plain JSON within its limits; reads and changes nothing else', async () => {
    const outcomes = { refused: 0, stopped: 0, failed: 0, answered: 0 };
    await fc.assert(
      fc.asyncProperty(expr, async (text) => {
        let compiled;
        try {
          compiled = compileExpression(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionRefusedError);
          expect((error as ExpressionRefusedError).position).toBeGreaterThanOrEqual(0);
          outcomes.refused++;
          return;
        }
        const input = structuredClone(record);
        const started = Date.now();
        const result = await compiled.evaluate(input, {}).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        // Limits are 250 ms; a generous bound for a loaded machine, far below a hung event loop.
        expect(Date.now() - started).toBeLessThan(DEFAULT_EXPRESSION_LIMITS.timeoutMs * 40);
        if ('error' in result) {
          const error = result.error as Error;
          if (error instanceof ExpressionLimitError) outcomes.stopped++;
          else {
            expect(error.name).toBe('ExpressionEvaluationError');
            outcomes.failed++;
          }
          expect(error.message).not.toContain(CANARY);
        } else {
          outcomes.answered++;
          expect(isPlainJson(result.value)).toBe(true);
          const text = JSON.stringify(result.value ?? null);
          expect(text.length).toBeLessThanOrEqual(DEFAULT_EXPRESSION_LIMITS.maxResultChars);
          expect(text).not.toContain(CANARY);
          expect(text).not.toContain('[native code]');
        }
        // The record is the expression's input, never its output channel.
        expect(input).toEqual(record);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(prototypeKeys()).toEqual(before);
      }),
      { seed: SEED, numRuns: 250 },
    );
    // The generator reaches every outcome, so the property is not passing on refusals alone.
    expect(outcomes.refused).toBeGreaterThan(20);
    expect(outcomes.answered).toBeGreaterThan(20);
    expect(outcomes.stopped).toBeGreaterThan(5);
  });
});
