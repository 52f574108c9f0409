import { publishConnectorCall } from '#lb/observability';
import { ResolvedSettings } from '../x3-connection-settings';
import { authorizationHeader } from '../auth/x3-credentials';
import { observeServerDate, serverNowSeconds } from '../auth/server-clock';
import { HttpFailure, HttpResult, PinnedHttpClient } from '../net/http-client';
import { ConcurrencyLimiter } from '../net/concurrency-limiter';
import { SafeTarget, resolveSafeTarget } from '../net/ssrf-guard';
import {
  X3AuthError,
  X3ConfigurationError,
  X3Error,
  X3ServerFaultError,
  X3TransientError,
  X3UnknownOutcomeError,
  X3ValidationError,
} from '../errors/x3-errors';

export interface GraphqlCall {
  query: string;
  variables?: Record<string, unknown>;
  /**
   * Mutations that fail after being sent have an unknown outcome and are never retried here; a
   * read that meets a server fault is retried a bounded number of times (settings.readAttempts).
   */
  mutation?: boolean;
}

const GRAPHQL_PATH = '/xtrem/api';
const POOL_EXHAUSTED = /pool|no x3 session|session.*available/i;
/** GraphQL Yoga (X3's GraphQL server) masks an unhandled resolver error as "Unexpected error.". */
const UNEXPECTED = /^Unexpected error/i;
const MAX_BACKOFF_MS = 10_000;

/** Exponential backoff with jitter (50-100% of the step), so retrying clients spread out. */
export function backoffMs(attempt: number, baseMs: number): number {
  const step = Math.min(baseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  return Math.round(step / 2 + Math.random() * (step / 2));
}

function messagesOf(body: unknown): string[] {
  const b = body as {
    errors?: Array<{ message?: string }>;
    $diagnoses?: Array<{ $message?: string }>;
    message?: string;
  };
  const list = [
    ...(b?.errors ?? []).map((e) => e.message),
    ...(b?.$diagnoses ?? []).map((d) => d.$message),
    b?.message,
  ];
  return [...new Set(list.filter((m): m is string => typeof m === 'string' && m !== ''))];
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One X3 folder over GraphQL: SSRF-vetted target, auth header, concurrency cap, deadline, error classes. */
export class X3GraphqlClient {
  private target?: Promise<{ safe: SafeTarget; http: PinnedHttpClient }>;
  private readonly limiter: ConcurrencyLimiter;
  /** Calls and bytes per folder: X3 licences meter web-service volume. */
  readonly usage = { calls: 0, bytesIn: 0, bytesOut: 0 };

  constructor(private readonly settings: ResolvedSettings) {
    this.limiter = new ConcurrencyLimiter(settings.maxConcurrency);
  }

  private connect() {
    this.target ??= resolveSafeTarget(this.settings.baseUrl, this.settings.allowPrivateTargets === true).then(
      (safe) => ({
        safe,
        http: new PinnedHttpClient(safe, { caPem: this.settings.tls?.caPem, maxSockets: this.settings.maxConcurrency }),
      }),
    );
    this.target.catch(() => (this.target = undefined));
    return this.target;
  }

  /** One call; a read that meets a server fault is retried with backoff, then reported as permanent. */
  async request<T = Record<string, unknown>>(call: GraphqlCall): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send<T>(call);
      } catch (error) {
        if (!(error instanceof X3ServerFaultError) || call.mutation) throw error;
        if (attempt >= this.settings.readAttempts) {
          throw new X3ServerFaultError(`${error.message} (failed ${attempt} times; not retried again)`, {
            status: error.details.status,
            cause: error,
            attempts: attempt,
          });
        }
        // Outside the concurrency limiter: a backing-off read holds no slot.
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, this.settings.retryBaseDelayMs)));
      }
    }
  }

  private async send<T>(call: GraphqlCall): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { result, clockMoved } = await this.exchange(call);
      // A token refused for its times because X3's clock is not ours: X3 ran nothing (auth comes
      // first, so even a write is safe to resend), and the next token is signed on X3's clock.
      if (result.status === 401 && clockMoved && attempt === 1) continue;
      return this.interpret<T>(result, call);
    }
  }

  /** One HTTP exchange; `clockMoved`: X3's Date header showed its clock elsewhere than we had it. */
  private async exchange(call: GraphqlCall): Promise<{ result: HttpResult; clockMoved: boolean }> {
    const { http } = await this.connect();
    const baseUrl = this.settings.baseUrl;
    return this.limiter.run(async () => {
      const body = JSON.stringify({ query: call.query, variables: call.variables ?? {} });
      const headers = {
        authorization: await authorizationHeader(this.settings.auth, serverNowSeconds(baseUrl)),
        'content-type': 'application/json',
        accept: 'application/json',
        'x-xtrem-endpoint': this.settings.endpoint,
      };
      let result: HttpResult | undefined;
      const started = performance.now();
      try {
        this.usage.calls++;
        this.usage.bytesOut += body.length;
        result = await http.post(GRAPHQL_PATH, headers, body, this.settings.requestTimeoutMs);
        this.usage.bytesIn += result.body.length;
      } catch (error) {
        throw this.mapFailure(error, call);
      } finally {
        const retryAfter = Number(result?.headers['retry-after']);
        publishConnectorCall({
          connector: 'x3',
          // the query text: the metrics read its node and operation from it, never its arguments
          operation: call.query,
          status: result?.status ?? 0,
          durationSeconds: (performance.now() - started) / 1000,
          bytesIn: result ? Buffer.byteLength(result.body) : 0,
          bytesOut: Buffer.byteLength(body),
          retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
        });
      }
      return { result, clockMoved: observeServerDate(baseUrl, result.headers.date) };
    });
  }

  private mapFailure(error: unknown, call: GraphqlCall): X3Error {
    if (!(error instanceof HttpFailure))
      return new X3TransientError(`X3 call failed: ${(error as Error).message}`, { cause: error });
    if (error.reason === 'tls')
      return new X3ConfigurationError(`${error.message} (TLS certificate not trusted: add the server's CA)`, {
        cause: error,
      });
    if (call.mutation && error.sent)
      return new X3UnknownOutcomeError(`${error.message}; the write may or may not have been applied`, {
        cause: error,
      });
    return new X3TransientError(error.message, { cause: error });
  }

  private interpret<T>(result: HttpResult, call: GraphqlCall): T {
    const body = parse(result.body);
    const messages = messagesOf(body);
    const text = messages.join('; ') || `HTTP ${result.status}`;
    const status = result.status;
    if (status >= 300 && status < 400) {
      throw new X3ConfigurationError(
        `X3 answered with a redirect to ${String(result.headers.location)}; redirects are not followed`,
        { status },
      );
    }
    if (status === 401 || status === 403) throw new X3AuthError(text, { status });
    if (status === 404) throw new X3ConfigurationError(`X3 endpoint not found: ${text}`, { status });
    if (status === 400 && !body) throw new X3ConfigurationError(`X3 refused the request: ${text}`, { status });
    if (status === 429 || status === 502 || status === 503 || status === 504) {
      const retryAfter = Number(result.headers['retry-after']);
      throw new X3TransientError(`X3 busy: ${text}`, {
        status,
        retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
      });
    }
    if (status >= 500) {
      // An exhausted session pool means the request never ran: safe to retry even a write.
      if (POOL_EXHAUSTED.test(text)) throw new X3TransientError(`X3 session pool exhausted: ${text}`, { status });
      if (call.mutation)
        throw new X3UnknownOutcomeError(
          `X3 failed during a write (${text}); the write may or may not have been applied`,
          { status },
        );
      throw new X3ServerFaultError(`X3 server error: ${text}`, { status });
    }
    const payload = body as
      { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string } }> } | undefined;
    if (!payload || typeof payload !== 'object')
      throw new X3TransientError(`X3 answered ${status} with a non-JSON body`, { status });
    if (payload.errors?.length) {
      // "does not exist" is not read as a deletion here: X3 says it of any record a request names
      // (an order's customer, a currency). Only the transport, which knows the record's own key,
      // can tell (GraphqlTransport.get/update).
      const unexpected = payload.errors.some(
        (e) => UNEXPECTED.test(e.message) || e.extensions?.code === 'INTERNAL_SERVER_ERROR',
      );
      if (unexpected) {
        if (call.mutation)
          throw new X3UnknownOutcomeError(`X3 reported an unexpected error during a write: ${text}`, { status });
        throw new X3ServerFaultError(`X3 unexpected error: ${text}`, { status });
      }
      throw new X3ValidationError(
        payload.errors.map((e) => e.message),
        { status },
      );
    }
    return payload.data as T;
  }

  close(): void {
    void this.target?.then(({ http }) => http.close()).catch(() => undefined);
  }
}
