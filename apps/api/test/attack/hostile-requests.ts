// Requests an attacker sends, shared by the attack suite and bench/nesting-flood.bench.ts. No jest
// here: the bench imports it too.
import http from 'node:http';

/**
 * Sends `prefix` and then keeps the request open without ever finishing the body: the api must
 * answer from what it has read so far.
 */
export function answerBeforeBodyEnds(url: string, prefix: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, body });
      });
    });
    req.on('error', reject);
    req.write(prefix);
  });
}

/** What one flood request got: the api's status, or 'reset' when it closed the socket first. */
export type FloodOutcome = number | 'reset';

/** One request whose whole body is `bytes` of `[` (the 1 MB that once held the event loop 4 s). */
function deepArray(url: string, bytes: number): Promise<FloodOutcome> {
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(bytes) },
    });
    let settled = false;
    const settle = (outcome: FloodOutcome) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(outcome);
    };
    req.on('response', (res) => {
      res.resume();
      settle(res.statusCode!);
    });
    req.on('error', () => settle('reset'));
    const chunk = Buffer.alloc(64 * 1024, '[');
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !settled) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      if (!settled) req.end();
    };
    pump();
  });
}

/**
 * `connections` attackers, each sending `perConnection` requests of `bytes` of `[` one after
 * another, to `url`. Resolves with every outcome once all are answered.
 */
export async function nestingFlood(
  url: string,
  opts: { connections: number; perConnection: number; bytes: number },
): Promise<FloodOutcome[]> {
  const outcomes: FloodOutcome[] = [];
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      for (let i = 0; i < opts.perConnection; i++) outcomes.push(await deepArray(url, opts.bytes));
    }),
  );
  return outcomes;
}

/**
 * Asks `GET /health/live` one request at a time until `until` settles; each answer's status and
 * latency in ms. A probe that does not answer in 10 s counts as status 0.
 */
export async function probeLiveWhile(
  apiUrl: string,
  until: Promise<unknown>,
): Promise<Array<{ status: number; ms: number }>> {
  let done = false;
  void until.finally(() => (done = true));
  const probes: Array<{ status: number; ms: number }> = [];
  while (!done || probes.length === 0) {
    const started = process.hrtime.bigint();
    const status = await fetch(`${apiUrl}/health/live`, { signal: AbortSignal.timeout(10_000) }).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    );
    probes.push({ status, ms: Number(process.hrtime.bigint() - started) / 1e6 });
  }
  return probes;
}

/** What a raw request got back. */
export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * A request sent byte for byte as given (no client normalises its path, headers or body), as an
 * attacker's own client would. Any status counts as an answer; a reset socket rejects.
 */
export function rawRequest(
  url: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: target.hostname,
      port: target.port,
      method: opts.method ?? 'POST',
      path: opts.path ?? `${target.pathname}${target.search}`,
      headers: { ...(opts.body ? { 'content-length': String(opts.body.length) } : {}), ...opts.headers },
      agent: false,
      timeout: 120_000,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 120 s')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Internals an error body must never show: stack frames, source paths, SQL and driver errors. */
export const LEAK =
  /\n\s+at |\.(?:ts|js):\d+|node_modules|QueryFailedError|\b(?:SELECT|INSERT|UPDATE|DELETE)\b.+\b(?:FROM|INTO|SET|WHERE)\b|syntax error at or near|violates .* constraint|relation "/i;

/**
 * The answer is a refusal as the api gives one: 4xx, a JSON body with a message, nothing internal.
 * A webhook may refuse in its sender's own protocol instead (`protocol`): Xero's empty 401, Stripe's
 * `{"received":false}`; those bodies must still be empty or JSON and show nothing internal.
 */
export function expectCleanRefusal(answer: RawAnswer, what: string, opts: { protocol?: boolean } = {}): void {
  const fail = (why: string) => {
    throw new Error(`${what}: ${why} (status ${answer.status}, ${answer.text.slice(0, 300)})`);
  };
  if (answer.status < 400 || answer.status > 499) fail('not a 4xx refusal');
  if (LEAK.test(answer.text)) fail('the body shows internals');
  if (opts.protocol && answer.text === '') return;
  if (!answer.contentType.startsWith('application/json')) fail(`not JSON (${answer.contentType})`);
  const body = JSON.parse(answer.text) as { statusCode?: number; message?: unknown };
  if (opts.protocol && body.statusCode === undefined) return;
  if (body.statusCode !== answer.status) fail('statusCode differs from the status');
  if (!(typeof body.message === 'string' ? body.message : JSON.stringify(body.message ?? '')).trim())
    fail('no message');
}
