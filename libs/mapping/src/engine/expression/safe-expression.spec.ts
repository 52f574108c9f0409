import { compileExpression, DEFAULT_EXPRESSION_LIMITS } from './safe-expression';
import { ExpressionLimitError, ExpressionRefusedError } from './expression-errors';
import { backtracksCatastrophically } from './ast-check';

// Every case but the time limit's own gets a generous time budget: the budget is wall-clock, so a
// loaded machine (a CI host running three projects) must not turn a sound expression into a failure.
const patient = { ...DEFAULT_EXPRESSION_LIMITS, timeoutMs: 30_000 };
const record = { key: 'INV-1', lines: [{ quantity: '2', taxCode: 'S' }], nested: { a: { b: 'deep' } } };

async function failureOf(text: string): Promise<unknown> {
  try {
    await compileExpression(text, patient).evaluate(record, {});
  } catch (error) {
    return error;
  }
  throw new Error(`expected '${text}' to fail`);
}

function refusalOf(text: string): ExpressionRefusedError {
  try {
    compileExpression(text);
  } catch (error) {
    if (error instanceof ExpressionRefusedError) return error;
    throw error;
  }
  throw new Error(`expected '${text}' to be refused`);
}

describe('compileExpression', () => {
  it('evaluates against the record and bindings', async () => {
    const expression = compileExpression('key & "/" & $count(lines) & "/" & $suffix', patient);
    await expect(expression.evaluate(record, { suffix: 'x' })).resolves.toBe('INV-1/1/x');
  });

  it('refuses a syntax error with its position and token', () => {
    const refusal = refusalOf('lines[0].quantity +');
    expect(refusal.position).toBe(19);
    expect(refusal.token).toBe('(end)');
    expect(refusal.message).toMatch(/position 19/);
    expect(refusalOf('$x := {"a": [1, 2').position).toBe(17);
  });

  it.each([
    ['__proto__', 'nested.__proto__'],
    ['constructor', 'nested.`constructor`'],
    ['__proto__', '$lookup($, "__proto__")'],
    ['eval', '$eval("1 + 1")'],
    ['eval', '($e := $eval; $e("1"))'],
    ['prototype', '$$.prototype'],
  ])('refuses prototype access and $eval (%s in %s) before it runs', (token, text) => {
    const refusal = refusalOf(text);
    expect(refusal.token).toBe(token);
    // JSONata positions point just past the token.
    expect(text.slice(0, refusal.position + 1)).toContain(token);
  });

  it('refuses regexes that backtrack catastrophically', () => {
    expect(refusalOf('$match(key, /(a+)+$/)').token).toBe('(a+)+$');
    expect(backtracksCatastrophically('(a|a)*b')).toBe(true);
    expect(backtracksCatastrophically('((ab)c+)*')).toBe(true);
    expect(backtracksCatastrophically('^[A-Z]{2}(\\d{2})-x+$')).toBe(false);
    expect(backtracksCatastrophically('[(a+)+]')).toBe(false);
  });

  it.each([
    ['$match($pad("", 5000, "a"), /a*a*a*b/)'],
    ['$replace($pad("", 5000, "a"), /a*a*a*b/i, "x")'],
    ['$split($pad("", 5000, "a"), /[ab]*a*[a-c]*b/)'],
    ['$contains($pad("", 5000, "a"), /(a*)a*\\1b/)'],
  ])('stops a regex that backtracks polynomially by time: %s', async (text) => {
    // 38 s for 400 characters before the regex had a budget; now it ends near the 250 ms budget.
    const started = Date.now();
    const error: unknown = await compileExpression(text)
      .evaluate(record, {})
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ExpressionLimitError);
    expect((error as ExpressionLimitError).limit).toBe('time');
    expect(Date.now() - started).toBeLessThan(DEFAULT_EXPRESSION_LIMITS.timeoutMs * 50);
  });

  it('keeps regex built-ins exact under the budget, with and without quantifiers', async () => {
    const expression = compileExpression(
      '[$replace("A-B.C", /[^A-Za-z0-9_]/, "_"), $match("ab12cd345", /[0-9]+/).match, $split("a, b,c", /,\\s*/), $contains("XY", /y/i)]',
      patient,
    );
    await expect(expression.evaluate(record, {})).resolves.toEqual(['A_B_C', '12', '345', 'a', 'b', 'c', true]);
  });

  it('reads nothing through prototypes at run time (dynamic names)', async () => {
    const expression = compileExpression(
      '[$lookup($, "__pro" & "to__"), $lookup(nested, "const" & "ructor"), $type(key.toString)]',
      patient,
    );
    await expect(expression.evaluate(record, {})).resolves.toEqual([]);
  });

  it('stops infinite recursion by depth', async () => {
    const error = await failureOf('($f := function($n) { 1 + $f($n + 1) }; $f(0))');
    expect(error).toBeInstanceOf(ExpressionLimitError);
    expect((error as ExpressionLimitError).limit).toBe('depth');
  });

  it('stops an endless tail-recursive loop by time', async () => {
    const started = Date.now();
    const expression = compileExpression('($f := function($n) { $f($n + 1) }; $f(0))');
    const error: unknown = await expression.evaluate(record, {}).catch((failure: unknown) => failure);
    expect((error as ExpressionLimitError).limit).toBe('time');
    // Generous bound for a loaded machine: the point is that it ends, near the budget.
    expect(Date.now() - started).toBeLessThan(DEFAULT_EXPRESSION_LIMITS.timeoutMs * 50);
  });

  it.each([
    ['$pad("", 1000000000)'],
    ['$pad("", 60000, $pad("", 60000, "ab"))'],
    ['$join([1..9000].$pad("", 90000))'],
    ['$replace($pad("", 90000), " ", "xxxxxxxxxxxxxxxxxxxx")'],
    ['[1..10000000]'],
    ['($s := function($x, $n) { $n = 0 ? $x : $s($x & $x, $n - 1) }; $s("ab", 40))'],
    ['($a := function($x, $n) { $n = 0 ? $x : $a($append($x, $x), $n - 1) }; $a([1], 40))'],
    ['($t := function($x, $n) { $n = 0 ? $x : $t([$x, $x], $n - 1) }; $string($t([1], 40)))'],
    ['($t := function($x, $n) { $n = 0 ? $x : $t({"l": $x, "r": $x}, $n - 1) }; $t(1, 40))'],
  ])('stops huge output before it is built: %s', async (text) => {
    const started = Date.now();
    const error = await failureOf(text);
    expect(error).toBeInstanceOf(ExpressionLimitError);
    expect((error as ExpressionLimitError).limit).toBe('size');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses a function as a result and a function replacement', async () => {
    expect(((await failureOf('$uppercase')) as ExpressionLimitError).limit).toBe('type');
    expect(((await failureOf('$replace(key, "I", function($m) { "x" })')) as ExpressionLimitError).limit).toBe(
      'forbidden',
    );
  });

  it('keeps ordinary built-ins working under the guards', async () => {
    const expression = compileExpression(
      '[$pad(key, 8, "-"), $join(["a", "b"], ","), $string(nested), $replace(key, "-", "")]',
      patient,
    );
    await expect(expression.evaluate(record, {})).resolves.toEqual(['INV-1---', 'a,b', '{"a":{"b":"deep"}}', 'INV1']);
  });
});

describe('deeply nested expressions', () => {
  it('refuses or stops an expression nested thousands deep, and the next one still runs', async () => {
    const deep = `${'('.repeat(3000)}1${')'.repeat(3000)}`;
    const outcome = await (async () => compileExpression(deep, patient).evaluate(record, {}))().catch(
      (error: unknown) => error,
    );
    expect(outcome instanceof ExpressionRefusedError || outcome instanceof ExpressionLimitError).toBe(true);
    await expect(compileExpression('key', patient).evaluate(record, {})).resolves.toBe('INV-1');
  });
});
