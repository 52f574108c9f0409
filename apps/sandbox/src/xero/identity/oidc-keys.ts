import { randomBytes } from 'node:crypto';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { SandboxDatabase } from '../../db/sandbox-database';
import { requireEsm } from '../core/esm';

export interface OidcKeys {
  jwks: { keys: Record<string, unknown>[] };
  cookieKeys: string[];
}

/** The signing key and cookie keys, made once and kept: tokens outlive a sandbox restart. */
export async function loadOrCreateKeys(db: SandboxDatabase): Promise<OidcKeys> {
  return db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['xero-keys']);
    const { rows } = await client.query<{ jwks: OidcKeys['jwks']; cookie_keys: string[] }>(
      'SELECT jwks, cookie_keys FROM xero_keys WHERE id = 1',
    );
    if (rows[0]) return { jwks: rows[0].jwks, cookieKeys: rows[0].cookie_keys };
    const jose = requireEsm<typeof Jose>('jose');
    const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    const jwk = {
      ...(await jose.exportJWK(privateKey)),
      kid: randomBytes(8).toString('hex').toUpperCase(),
      alg: 'RS256',
      use: 'sig',
    };
    const keys: OidcKeys = { jwks: { keys: [jwk] }, cookieKeys: [randomBytes(32).toString('base64url')] };
    await client.query('INSERT INTO xero_keys (id, jwks, cookie_keys) VALUES (1, $1, $2)', [
      keys.jwks,
      JSON.stringify(keys.cookieKeys),
    ]);
    return keys;
  });
}
