import { toXeroCallError } from './identity-errors';
import { openIdClient } from './openid-client';

/** An error the way openid-client raises it for an OAuth error answer from the token endpoint. */
function oauthAnswer(status: number, error: string): Error {
  const { ResponseBodyError } = openIdClient();
  return new ResponseBodyError('server responded with an error in the response body', {
    cause: { error },
    response: new Response(JSON.stringify({ error }), { status }),
  });
}

describe('toXeroCallError (openid-client errors → connector error kinds)', () => {
  it('a refused grant or client is auth, with the OAuth error as the reason', () => {
    for (const error of ['invalid_grant', 'invalid_client', 'unauthorized_client']) {
      expect(toXeroCallError('the refresh', oauthAnswer(400, error))).toMatchObject({
        kind: 'auth',
        authReason: error,
        status: 400,
      });
    }
  });

  it('429 and 5xx answers, network failures and deadlines are transient', () => {
    expect(toXeroCallError('the refresh', oauthAnswer(503, 'temporarily_unavailable'))).toMatchObject({
      kind: 'transient',
      status: 503,
    });
    expect(toXeroCallError('the refresh', oauthAnswer(429, 'slow_down')).kind).toBe('transient');
    expect(toXeroCallError('the refresh', new TypeError('fetch failed')).kind).toBe('transient');
    const deadline = Object.assign(new Error('operation timed out'), {
      code: 'OAUTH_TIMEOUT',
      cause: new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
    });
    expect(toXeroCallError('the refresh', deadline).kind).toBe('transient');
  });

  it('anything else is permanent, and a wrong argument is not mistaken for a network failure', () => {
    expect(toXeroCallError('the code exchange', oauthAnswer(400, 'invalid_request')).kind).toBe('permanent');
    const badArgument = Object.assign(new TypeError('"currentUrl" must be an instance of URL'), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
    expect(toXeroCallError('the code exchange', badArgument).kind).toBe('permanent');
  });
});
