// oidc-provider, jose and openid-client are ESM-only. Node ≥ 20.19 requires them natively; under
// jest (which cannot), the test environment in testing/native-esm.environment.js hands us Node's
// own require instead.
export function requireEsm<T>(name: string): T {
  const native = (globalThis as { __nativeRequire?: NodeJS.Require }).__nativeRequire;
  return (native ?? require)(name) as T;
}

/**
 * Deep-copies plain objects and arrays into the realm that `anchor` (a function from a natively
 * loaded package) lives in. Under jest, test code runs in a vm realm, and oidc-provider rejects
 * configuration objects whose prototype is another realm's Object.prototype. A no-op in production.
 */
export function intoRealmOf<T>(anchor: unknown, value: T): T {
  const OuterFunction = (anchor as { constructor: FunctionConstructor }).constructor;
  const clone = new OuterFunction(
    'value',
    `
    const copy = (v) => {
      if (Array.isArray(v)) return v.map(copy);
      if (v && typeof v === 'object' && (Object.getPrototypeOf(v) === null || Object.getPrototypeOf(Object.getPrototypeOf(v)) === null)) {
        const o = {};
        for (const k of Object.keys(v)) o[k] = copy(v[k]);
        return o;
      }
      return v;
    };
    return copy(value);`,
  ) as (v: T) => T;
  return clone(value);
}
