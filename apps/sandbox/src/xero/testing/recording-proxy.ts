// A recording HTTP proxy on 127.0.0.1: forwards every request to the sandbox unchanged and keeps
// the raw request and response, so a third-party client's traffic can be checked against the spec.
import { createServer, request as httpRequest, Server } from 'node:http';

export interface Exchange {
  method: string;
  path: string;
  query: Record<string, string>;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
}

export class RecordingProxy {
  readonly exchanges: Exchange[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const requestBody = Buffer.concat(chunks);
        const upstream = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: target.host },
            timeout: 15_000,
          },
          (up) => {
            const out: Buffer[] = [];
            up.on('data', (c) => out.push(c));
            up.on('end', () => {
              const responseBody = Buffer.concat(out);
              const url = new URL(req.url ?? '/', 'http://proxy');
              this.exchanges.push({
                method: req.method ?? 'GET',
                path: url.pathname,
                query: Object.fromEntries(url.searchParams),
                requestHeaders: flat(req.headers),
                requestBody: requestBody.toString(),
                status: up.statusCode ?? 0,
                responseHeaders: flat(up.headers),
                responseBody: responseBody.toString(),
              });
              res.writeHead(up.statusCode ?? 502, up.headers);
              res.end(responseBody);
            });
          },
        );
        upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
        upstream.on('error', () => res.writeHead(502).end());
        upstream.end(requestBody);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

function flat(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
  );
}
