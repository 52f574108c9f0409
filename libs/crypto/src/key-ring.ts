/** The master keys (key-encryption keys) from SECRETS_KEYS, and which one new secrets use. */
export class KeyRing {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    keys: Record<string, Buffer>,
    readonly activeKeyId: string,
  ) {
    for (const [id, key] of Object.entries(keys)) {
      if (key.length !== 32) throw new Error(`Secrets key "${id}" must be 32 bytes, got ${key.length}`);
    }
    this.keys = new Map(Object.entries(keys));
    if (!this.keys.has(activeKeyId)) throw new Error(`Active secrets key "${activeKeyId}" is not in the key ring`);
  }

  /** Parses `id1:base64,id2:base64` as SECRETS_KEYS holds it. */
  static parse(spec: string, activeKeyId: string): KeyRing {
    const entries = spec.split(',').map((entry) => {
      const [id, b64] = entry.trim().split(':');
      return [id, Buffer.from(b64 ?? '', 'base64')] as const;
    });
    return new KeyRing(Object.fromEntries(entries), activeKeyId);
  }

  get(keyId: string): Buffer | undefined {
    return this.keys.get(keyId);
  }

  ids(): string[] {
    return [...this.keys.keys()];
  }
}
