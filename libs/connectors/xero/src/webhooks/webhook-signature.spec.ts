import { createHmac } from 'node:crypto';
import { verifyXeroSignature } from './webhook-signature';

describe('verifyXeroSignature', () => {
  const key = 'webhook-key-123';
  const body = Buffer.from('{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"ABC"}');
  const sign = (b: Buffer, k = key) => createHmac('sha256', k).update(b).digest('base64');

  it('accepts the HMAC of the exact raw bytes and nothing else', () => {
    expect(verifyXeroSignature(body, sign(body), key)).toBe(true);
    expect(verifyXeroSignature(Buffer.from(body.toString().replace('ABC', 'ABD')), sign(body), key)).toBe(false);
    expect(verifyXeroSignature(body, sign(body, 'other'), key)).toBe(false);
    expect(verifyXeroSignature(body, 'short', key)).toBe(false);
    expect(verifyXeroSignature(body, undefined, key)).toBe(false);
    expect(verifyXeroSignature(body, sign(body), '')).toBe(false);
  });
});
