import { randomBytes } from 'node:crypto';
import { KeyRing } from './key-ring';
import { SecretBox, SecretDecryptionError } from './secret-box';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const binding = { tenantId: 't-1', rowId: 'row-1', purpose: 'xero.token_set' };

describe('SecretBox', () => {
  const box = new SecretBox(new KeyRing({ k1 }, 'k1'));

  it('round-trips and never contains the plaintext', () => {
    const ct = box.encrypt('refresh-token-value', binding);
    expect(ct).not.toContain('refresh-token-value');
    expect(ct.startsWith('lb1.k1.')).toBe(true);
    expect(box.decrypt(ct, binding)).toBe('refresh-token-value');
  });

  it.each([
    ['another tenant', { ...binding, tenantId: 't-2' }],
    ['another row', { ...binding, rowId: 'row-2' }],
    ['another purpose', { ...binding, purpose: 'x3.client_secret' }],
  ])('refuses a ciphertext moved to %s', (_label, other) => {
    const ct = box.encrypt('s3cret', binding);
    expect(() => box.decrypt(ct, other)).toThrow(SecretDecryptionError);
  });

  it('refuses a tampered ciphertext', () => {
    const ct = box.encrypt('s3cret', binding);
    const parts = ct.split('.');
    const data = Buffer.from(parts[3], 'base64url');
    data[data.length - 1] ^= 1;
    parts[3] = data.toString('base64url');
    expect(() => box.decrypt(parts.join('.'), binding)).toThrow(SecretDecryptionError);
  });

  it('rewraps under the new active key so the old key can be retired', () => {
    const old = box.encrypt('s3cret', binding);
    const rotating = new SecretBox(new KeyRing({ k1, k2 }, 'k2'));
    const rewrapped = rotating.rewrap(old, binding);
    expect(rotating.keyIdOf(rewrapped)).toBe('k2');
    const retired = new SecretBox(new KeyRing({ k2 }, 'k2'));
    expect(retired.decrypt(rewrapped, binding)).toBe('s3cret');
    expect(() => retired.decrypt(old, binding)).toThrow(/key "k1" is not in SECRETS_KEYS/);
  });
});
