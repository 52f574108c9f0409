import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Purpose of the sealed signing secret in `secrets` (part of its associated data). */
export const SHOP_SECRET_PURPOSE = 'shop.webhook-secret';

/** A new signing secret: 32 random bytes, hex (what a shop's admin pastes into its webhook settings). */
export function newShopSecret(): string {
  return randomBytes(32).toString('hex');
}

/** HMAC-SHA256 of the raw body under the secret, base64, as Shopify sends it in X-Shopify-Hmac-Sha256. */
export function shopSignature(rawBody: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/** Whether the header is the body's signature under the secret (constant time; a missing part is false). */
export function verifyShopSignature(rawBody: Buffer | undefined, header: string | undefined, secret: string): boolean {
  if (!rawBody || !header || !/^[A-Za-z0-9+/]{43}=$/.test(header)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
