import { bodyLimitResolver, parseSize } from './inbound-limits';
import { JsonDepthScanner } from './json-depth-scanner';
import { inputProblem } from './text-rules';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('JsonDepthScanner', () => {
  it('counts nesting outside strings only', () => {
    expect(new JsonDepthScanner(2).push(bytes('{"a":[1,2,{"b":"[[[[{{{{"}]}'))).toBe(false);
    expect(new JsonDepthScanner(3).push(bytes('{"a":[1,2,{"b":"[[[[{{{{"}]}'))).toBe(true);
  });

  it('follows escaped quotes and backslashes inside strings', () => {
    const scanner = new JsonDepthScanner(1);
    expect(scanner.push(bytes('{"a":"\\"[[[","b":"\\\\"'))).toBe(true);
    expect(scanner.push(bytes(',"c":[1]}'))).toBe(false);
  });

  it('keeps its state across chunks, even one split inside an escape', () => {
    const scanner = new JsonDepthScanner(2);
    for (const part of ['{"a":"x\\', '"[[[', '", "b":[', '[1]]}'])
      expect(scanner.push(bytes(part))).toBe(part !== '[1]]}');
  });

  it('is not fooled by multi-byte characters', () => {
    expect(new JsonDepthScanner(1).push(bytes('{"名前":"🚀[[","x":"é"}'))).toBe(true);
  });
});

describe('inputProblem', () => {
  it.each([
    [{ name: 'a\u0000b' }, /NUL/],
    [{ list: ['ok', { deep: '\ud800' }] }, /surrogate/],
    [{ name: 'x\udc00' }, /surrogate/],
    [JSON.parse('{"__proto__":{"admin":true}}'), /__proto__/],
    [{ nested: { constructor: { prototype: {} } } }, /constructor/],
    [{ ['k\u0000']: 1 }, /NUL/],
  ])('refuses %j', (value, message) => {
    expect(inputProblem(value)).toMatch(message);
  });

  it.each([{ name: 'Acme 🚀 Ltd' }, ['a', 1, null, true], 'plain', { emptyish: '' }])('accepts %j', (value) => {
    expect(inputProblem(value)).toBeUndefined();
  });
});

describe('inbound body limits', () => {
  const resolve = bodyLimitResolver(
    { bytes: 1000, depth: 32 },
    {
      'POST /api/x/:id/test': { size: '2kb', depth: 3 },
      'POST /api/x/test': { size: '1kb', depth: 2 },
      'POST /api/x/:id': { size: '3kb', depth: 4 },
    },
  );

  it('finds a route by method and path, preferring literal segments', () => {
    expect(resolve('POST', '/api/x/test')).toEqual({ bytes: 1024, depth: 2 });
    expect(resolve('POST', '/api/x/42')).toEqual({ bytes: 3072, depth: 4 });
    expect(resolve('POST', '/api/x/42/test')).toEqual({ bytes: 2048, depth: 3 });
  });

  it('falls back to the defaults', () => {
    expect(resolve('PATCH', '/api/x/42')).toEqual({ bytes: 1000, depth: 32 });
    expect(resolve('POST', '/api/y')).toEqual({ bytes: 1000, depth: 32 });
  });

  it('reads sizes as the environment writes them', () => {
    expect(parseSize('1mb')).toBe(1048576);
    expect(parseSize('64kb')).toBe(65536);
    expect(() => parseSize('lots')).toThrow();
  });
});
