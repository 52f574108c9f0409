import { createHmac, timingSafeEqual } from 'node:crypto';

/** x-xero-signature = base64(HMAC-SHA256(raw body, webhook key)), compared in constant time. */
export function verifyXeroSignature(rawBody: Buffer | undefined, signature: string | undefined, key: string): boolean {
  if (!rawBody || !signature || !key) return false;
  const expected = createHmac('sha256', key).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature, 'base64');
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}
