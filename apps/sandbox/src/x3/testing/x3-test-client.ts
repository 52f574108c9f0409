import { createHmac } from 'node:crypto';
import { TestFolder } from './x3-test-sandbox';

// A deliberately separate, minimal HS256 signer so sandbox tests check the wire format
// independently of the connector's signer.
function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export function signTestJwt(secret: string, claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

export function appToken(
  folder: TestFolder,
  overrides: Record<string, unknown> = {},
  secret = folder.connectedApplication.secret,
): string {
  const now = Math.floor(Date.now() / 1000);
  return signTestJwt(secret, {
    iss: folder.connectedApplication.clientId,
    sub: folder.connectedApplication.user,
    aud: '',
    iat: now - 2,
    exp: now + 60,
    ...overrides,
  });
}

export async function gql(
  url: string,
  folder: TestFolder,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any GraphQL answer; a dozen suites (connector, api, browser) read it as loose JSON
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/xtrem/api`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${appToken(folder)}`,
      'content-type': 'application/json',
      'x-xtrem-endpoint': folder.folder,
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // non-JSON bodies (fault pages) stay text
  }
  return { status: res.status, body };
}
