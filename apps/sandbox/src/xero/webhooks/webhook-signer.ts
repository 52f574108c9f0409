import { createHmac, randomBytes } from 'node:crypto';

/** x-xero-signature: base64 HMAC-SHA256 of the raw body, keyed with the app's webhook key. */
export function signWebhook(body: string, key: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('base64');
}

export function entropy(): string {
  return randomBytes(15)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 20)
    .toUpperCase();
}

export interface PostResult {
  status: number | null;
  error?: string;
}

/** One POST with a deadline; anything but a reply within it counts as no answer. */
export async function postSigned(url: string, body: string, signature: string, timeoutMs: number): Promise<PostResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-xero-signature': signature,
        'user-agent': 'Xero Webhooks (sandbox)',
      },
      signal: AbortSignal.timeout(Math.max(50, Math.round(timeoutMs))),
      redirect: 'manual',
    });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  } catch (error) {
    return { status: null, error: (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message };
  }
}
