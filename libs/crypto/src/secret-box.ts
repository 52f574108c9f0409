import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyRing } from './key-ring';

/** What a ciphertext is bound to: copied to any other tenant, row or purpose, it will not open. */
export interface SecretBinding {
  tenantId: string;
  rowId: string;
  purpose: string;
}

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`Secret could not be decrypted: ${reason}`);
    this.name = 'SecretDecryptionError';
  }
}

const FORMAT = 'lb1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function aadOf(binding: SecretBinding, layer: 'dek' | 'data'): Buffer {
  return Buffer.from(JSON.stringify([FORMAT, layer, binding.tenantId, binding.rowId, binding.purpose]));
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SecretDecryptionError('authentication failed (wrong key, or bound to another tenant, row or purpose)');
  }
}

/**
 * AES-256-GCM envelope: each secret gets its own data key, which is wrapped by a master key from
 * the key ring. Rotation re-wraps only the data key under the new master key. Both layers carry
 * the binding as associated data. Format: `lb1.<keyId>.<wrapped data key>.<sealed data>`.
 */
export class SecretBox {
  constructor(private readonly ring: KeyRing) {}

  get activeKeyId(): string {
    return this.ring.activeKeyId;
  }

  encrypt(plaintext: string, binding: SecretBinding): string {
    const dek = randomBytes(32);
    const wrapped = seal(this.masterKey(this.ring.activeKeyId), dek, aadOf(binding, 'dek'));
    const data = seal(dek, Buffer.from(plaintext, 'utf8'), aadOf(binding, 'data'));
    return [FORMAT, this.ring.activeKeyId, wrapped.toString('base64url'), data.toString('base64url')].join('.');
  }

  decrypt(ciphertext: string, binding: SecretBinding): string {
    const { keyId, wrapped, data } = this.parse(ciphertext);
    const dek = open(this.masterKey(keyId), wrapped, aadOf(binding, 'dek'));
    return open(dek, data, aadOf(binding, 'data')).toString('utf8');
  }

  keyIdOf(ciphertext: string): string {
    return this.parse(ciphertext).keyId;
  }

  /** Re-wraps the data key under the active master key; the sealed data is untouched. */
  rewrap(ciphertext: string, binding: SecretBinding): string {
    const { keyId, wrapped, data } = this.parse(ciphertext);
    if (keyId === this.ring.activeKeyId) return ciphertext;
    const dek = open(this.masterKey(keyId), wrapped, aadOf(binding, 'dek'));
    const rewrapped = seal(this.masterKey(this.ring.activeKeyId), dek, aadOf(binding, 'dek'));
    return [FORMAT, this.ring.activeKeyId, rewrapped.toString('base64url'), data.toString('base64url')].join('.');
  }

  private masterKey(keyId: string): Buffer {
    const key = this.ring.get(keyId);
    if (!key) throw new SecretDecryptionError(`key "${keyId}" is not in SECRETS_KEYS (retired too early?)`);
    return key;
  }

  private parse(ciphertext: string): { keyId: string; wrapped: Buffer; data: Buffer } {
    const parts = ciphertext.split('.');
    if (parts.length !== 4 || parts[0] !== FORMAT)
      throw new SecretDecryptionError('not a Ledgerbridge secret envelope');
    return { keyId: parts[1], wrapped: Buffer.from(parts[2], 'base64url'), data: Buffer.from(parts[3], 'base64url') };
  }
}
