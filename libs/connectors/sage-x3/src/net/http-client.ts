import { LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { LookupFunction, isIP } from 'node:net';
import { SafeTarget } from './ssrf-guard';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Transport failure; `sent` says whether X3 may have received the whole request. */
export class HttpFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'network' | 'tls' | 'too-large',
    readonly sent: boolean,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

const MAX_BODY_CHARS = 64 * 1024 * 1024;
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|DEPTH_ZERO/;

/** Plain node:http(s) with a pinned address, a hard deadline and no redirect following. */
export class PinnedHttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly target: SafeTarget,
    options: { caPem?: string; maxSockets: number },
  ) {
    const lookup: LookupFunction = (_hostname, opts, callback) => {
      // Connect to the address the SSRF guard vetted, whatever DNS says now.
      if ((opts as { all?: boolean }).all)
        (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, [
          { address: target.address, family: target.family },
        ]);
      else callback(null, target.address, target.family);
    };
    const common = { keepAlive: true, maxSockets: options.maxSockets, lookup };
    this.agent =
      target.url.protocol === 'https:'
        ? new https.Agent({
            ...common,
            servername: isIP(target.hostname) ? undefined : target.hostname,
            ca: options.caPem ? [...rootCertificates, options.caPem] : undefined,
          })
        : new http.Agent(common);
  }

  post(path: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<HttpResult> {
    const base = this.target.url;
    const lib = base.protocol === 'https:' ? https : http;
    return new Promise<HttpResult>((resolve, reject) => {
      let sent = false;
      let settled = false;
      const fail = (error: HttpFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const req = lib.request(
        {
          protocol: base.protocol,
          hostname: this.target.hostname,
          port: base.port || undefined,
          path: `${base.pathname.replace(/\/$/, '')}${path}`,
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          // Decoded as it arrives: no Buffer copies outside the JS heap, so RSS tracks live data.
          res.setEncoding('utf8');
          const chunks: string[] = [];
          let size = 0;
          res.on('data', (chunk: string) => {
            size += chunk.length;
            if (size > MAX_BODY_CHARS) fail(new HttpFailure('X3 response too large', 'too-large', true));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.join('') });
          });
          res.on('error', (error) =>
            fail(new HttpFailure(`X3 response interrupted: ${error.message}`, 'network', true, error)),
          );
        },
      );
      const timer = setTimeout(
        () => fail(new HttpFailure(`X3 did not answer within ${timeoutMs} ms`, 'timeout', sent)),
        timeoutMs,
      );
      req.on('finish', () => {
        sent = true;
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        const tls = TLS_CODES.test(error.code ?? '');
        fail(
          new HttpFailure(
            `X3 unreachable: ${error.code ?? error.message}`,
            tls ? 'tls' : 'network',
            sent && !tls,
            error,
          ),
        );
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
