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
