import { createHmac, randomBytes } from 'node:crypto';

/** Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload" keyed with the whsec_ secret>. */
export function stripeSignature(payload: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export interface PostResult {
  status: number | null;
  error?: string;
}

/** One signed POST with a deadline; anything but a reply within it counts as a failure. */
export async function postEvent(url: string, payload: string, secret: string, timeoutMs: number): Promise<PostResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body: payload,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': stripeSignature(payload, secret),
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks) (sandbox)',
      },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { status: null, error: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message) };
  }
}
