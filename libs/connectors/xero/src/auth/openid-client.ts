import type * as Oidc from 'openid-client' with { 'resolution-mode': 'import' };

export type OpenIdClient = typeof Oidc;

/**
 * openid-client v6 is ESM-only. It is loaded the way libs/platform's requireEsm loads such
 * packages (Node's require(esm); under jest the environment's native require), but not imported
 * from there: libs/platform imports the schema, which imports this connector, so the import
 * would be a cycle that breaks whichever side loads first.
 */
export function openIdClient(): OpenIdClient {
  const native = (globalThis as { __nativeRequire?: NodeJS.Require }).__nativeRequire;
  return (native ?? require)('openid-client') as OpenIdClient;
}
