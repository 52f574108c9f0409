/**
 * Loads an ESM-only package (openid-client, jose, oidc-provider) from CommonJS. Node ≥ 20.19
 * does this natively; under jest the test environment (scripts/testing/native-esm.environment.js)
 * supplies Node's own require, since jest's module registry cannot load ESM.
 */
export function requireEsm<T>(name: string): T {
  const native = (globalThis as { __nativeRequire?: NodeJS.Require }).__nativeRequire;
  return (native ?? require)(name) as T;
}
