import { createHash } from 'node:crypto';
import { UnhashableValueError, canonicalContentHash, canonicalJson, contentHash } from './content-hash';

describe('content hash of canonical snapshots', () => {
  it('sorts keys at every depth, so field order never changes the hash', () => {
    const a = { key: 'C1', name: 'Acme', addresses: [{ kind: 'billing', city: 'Lyon' }] };
    const b = { addresses: [{ city: 'Lyon', kind: 'billing' }], name: 'Acme', key: 'C1' };
    expect(canonicalJson(a)).toBe('{"addresses":[{"city":"Lyon","kind":"billing"}],"key":"C1","name":"Acme"}');
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('is SHA-256 hex of the canonical JSON, deterministic across calls', () => {
    const value = { b: 1, a: [true, null, 'x'] };
    const expected = createHash('sha256').update('{"a":[true,null,"x"],"b":1}').digest('hex');
    expect(contentHash(value)).toBe(expected);
    expect(contentHash(structuredClone(value))).toBe(expected);
  });

  it('keeps array order: lines in another order are another document', () => {
    expect(contentHash({ lines: ['a', 'b'] })).not.toBe(contentHash({ lines: ['b', 'a'] }));
  });

  it('hashes decimal text exactly as given, never through a float', () => {
    expect(contentHash({ total: '1.50' })).not.toBe(contentHash({ total: '1.5' }));
    expect(contentHash({ total: '0.3' })).not.toBe(contentHash({ total: 0.1 + 0.2 }));
    expect(canonicalJson({ total: '12345678901234567890.123456789' })).toBe(
      '{"total":"12345678901234567890.123456789"}',
    );
    // A string is never confused with the number of the same text.
    expect(contentHash({ qty: '2' })).not.toBe(contentHash({ qty: 2 }));
  });

  it('treats an undefined property as missing, but null as a value', () => {
    expect(contentHash({ key: 'C1', email: undefined })).toBe(contentHash({ key: 'C1' }));
    expect(contentHash({ key: 'C1', email: null })).not.toBe(contentHash({ key: 'C1' }));
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('refuses what is not plain JSON data instead of hashing it as {} or null', () => {
    expect(() => contentHash({ when: new Date(0) })).toThrow(UnhashableValueError);
    expect(() => contentHash({ amount: Number.NaN })).toThrow('$.amount: NaN cannot be hashed');
    expect(() => contentHash({ lines: [{ qty: Infinity }] })).toThrow('$.lines[0].qty');
    expect(() => contentHash({ f: () => 1 })).toThrow(UnhashableValueError);
    expect(() => contentHash({ n: 1n })).toThrow(UnhashableValueError);
    expect(contentHash(Object.assign(Object.create(null) as object, { a: 1 }))).toBe(contentHash({ a: 1 }));
  });

  it('leaves origin out of a record hash: the same content read from either side hashes the same', () => {
    const fromX3 = { entity: 'customer', key: 'C1', name: 'Acme', origin: { system: 'x3', key: 'C1' } };
    const fromXero = {
      entity: 'customer',
      key: 'C1',
      name: 'Acme',
      origin: { system: 'xero', key: '7c1d…', updatedAt: '2026-01-01T00:00:00Z' },
    };
    expect(canonicalContentHash(fromX3)).toBe(canonicalContentHash(fromXero));
    expect(canonicalContentHash(fromX3)).not.toBe(canonicalContentHash({ ...fromX3, name: 'Acme Ltd' }));
  });

  it("leaves a document's paid and due amounts out: a payment settling it is no change of the document", () => {
    const invoice = {
      entity: 'invoice',
      key: 'FAC1',
      totals: { total: '115.00' },
      amountPaid: '0',
      amountDue: '115.00',
    };
    const paid = { ...invoice, amountPaid: '115.00', amountDue: '0.00' };
    expect(canonicalContentHash(paid)).toBe(canonicalContentHash(invoice));
    expect(canonicalContentHash({ ...invoice, totals: { total: '116.00' } })).not.toBe(canonicalContentHash(invoice));
  });
});
