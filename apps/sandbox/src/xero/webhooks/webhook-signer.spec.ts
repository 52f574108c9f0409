import { createHmac } from 'node:crypto';
import { entropy, signWebhook } from './webhook-signer';

describe('webhook signing', () => {
  it('is base64 HMAC-SHA256 of the raw body with the webhook key', () => {
    const body = '{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"ABC"}';
    expect(signWebhook(body, 'key')).toBe(createHmac('sha256', 'key').update(body).digest('base64'));
    expect(signWebhook(body, 'key')).not.toBe(signWebhook(`${body} `, 'key'));
  });

  it('makes alphanumeric entropy', () => {
    expect(entropy()).toMatch(/^[A-Z0-9]{10,20}$/);
  });
});
