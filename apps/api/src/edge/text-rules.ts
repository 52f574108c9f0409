/** Keys that reach prototypes when a body is merged or copied into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// With the u flag a well-formed pair is one code point; only an unpaired half is a Cs code point.
const LONE_SURROGATE = /\p{Cs}/u;

function stringProblem(text: string): string | undefined {
  // PostgreSQL text cannot hold U+0000 (error 22021), and an unpaired surrogate is not Unicode.
  if (text.includes('\u0000')) return 'Text must not contain NUL characters (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'Text must not contain unpaired UTF-16 surrogates';
  return undefined;
}

/**
 * What is wrong with a parsed body or query, in words for the client; undefined when nothing is.
 * The caller has already capped the nesting depth, so the walk is bounded.
 */
export function inputProblem(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length) {
    const item = pending.pop();
    if (typeof item === 'string') {
      const problem = stringProblem(item);
      if (problem) return problem;
    } else if (Array.isArray(item)) pending.push(...(item as unknown[]));
    else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (FORBIDDEN_KEYS.has(key)) return `The key ${key} is not allowed in a request`;
        const problem = stringProblem(key);
        if (problem) return problem;
        pending.push(child);
      }
    }
  }
  return undefined;
}
