// X3's side of "writes equal edits", counted where it cannot be fooled by our own bookkeeping: a
// recording proxy between our processes and the X3 sandbox. The tenant's X3 connection points at
// it; every request is passed on unchanged, and each GraphQL mutation X3 answered without errors
// is logged with the record it wrote. The test's own edits go to X3's control API directly, so
// they are not in the log: what is in it, our engine wrote.
import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface X3Write {
  /** e.g. 'create' or 'update'. */
  operation: string;
  /** The written record's X3 key (`_id` of an update, `code` of a create). */
  key: string;
  /** The fields it sent (besides the key). */
  fields: string[];
  /** What it sent, for a failure's message. */
  data: Record<string, unknown>;
  at: number;
}

export class X3WriteLog {
  readonly writes: X3Write[] = [];
  /** Requests passed on (reads too), and the last answer that was not a 200. */
  requests = 0;
  lastFailure = '';

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  /** A proxy on a free loopback port forwarding to `target` (the X3 sandbox's base URL). */
  static async start(target: string): Promise<X3WriteLog> {
    const upstream = new URL(target);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    // the server exists before the log it writes to: it finds the log here once made
    const holder: { log?: X3WriteLog } = {};
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const headers = { ...req.headers, host: upstream.host };
        const out = http.request(
          { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
          (answer) => {
            const back: Buffer[] = [];
            answer.on('data', (c: Buffer) => back.push(c));
            answer.on('end', () => {
              const reply = Buffer.concat(back);
              const log = holder.log;
              if (log) {
                log.requests++;
                if (answer.statusCode !== 200)
                  log.lastFailure = `${answer.statusCode} ${reply.toString('utf8').slice(0, 300)}`;
                log.note(body, answer.statusCode ?? 0, reply);
              }
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(reply);
            });
          },
        );
        out.on('error', (error) => {
          if (holder.log) holder.log.lastFailure = `proxy: ${error.message}`;
          res.writeHead(502);
          res.end();
        });
        out.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.log = new X3WriteLog(server, `http://127.0.0.1:${port}`);
    return holder.log;
  }

  /** Writes logged since `from` (an index into `writes`), per X3 key. */
  countsSince(from: number): Map<string, number> {
    const counts = new Map<string, number>();
    for (const w of this.writes.slice(from)) counts.set(w.key, (counts.get(w.key) ?? 0) + 1);
    return counts;
  }

  private note(request: Buffer, status: number, reply: Buffer): void {
    let call: { query?: unknown; variables?: { data?: Record<string, unknown> } };
    try {
      call = JSON.parse(request.toString('utf8')) as typeof call;
    } catch {
      return; // not a GraphQL call
    }
    if (typeof call.query !== 'string' || !/^\s*mutation\b/.test(call.query)) return;
    let answer: { errors?: unknown[] } = {};
    try {
      answer = JSON.parse(reply.toString('utf8')) as typeof answer;
    } catch {
      // an unreadable answer: X3 may still have written, so it is logged
    }
    if (status === 200 && answer.errors?.length) return; // refused: nothing written
    const operation = /\{\s*\w+\s*\{\s*\w+\s*\{\s*(\w+)\s*\(/.exec(call.query)?.[1] ?? 'unknown';
    const data = call.variables?.data ?? {};
    const key = typeof data._id === 'string' ? data._id : typeof data.code === 'string' ? data.code : '';
    const fields = Object.keys(data).filter((f) => f !== '_id');
    this.writes.push({ operation, key, fields, data, at: Date.now() });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
