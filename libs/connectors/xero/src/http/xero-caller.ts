import { AccountingApi } from 'xero-node';
import { publishConnectorCall } from '#lb/observability';
import { classifyFailure } from '../errors/classify';
import { XeroCallError } from '../errors/xero-call-error';
import { XeroMeter } from '../metering/xero-meter';
import { XeroRateLimiter } from '../rate-limit/rate-limiter';
import { CallSeam } from './call-seam';
import { countXeroCall } from './call-tally';

export interface OrgContext {
  /** Our connection id (metering) and the organisation's Xero tenantId (header, rate limits). */
  connectionId: string;
  xeroTenantId: string;
  /** Our tenant, for the meter's per-tenant totals. */
  tenantId?: string;
  accessToken: string;
}

export interface CallOptions {
  operation: string;
  isWrite: boolean;
  /** Day-budget calls this caller must leave for higher-priority lanes. */
  dayReserve?: number;
}

export interface CallResult<T> {
  body: T;
  status: number;
  headers: Record<string, string | undefined>;
}

type SdkCall<T> = (api: AccountingApi) => Promise<{ response: { status: number; headers: unknown }; body: T }>;

const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));

/**
 * Every Accounting API call goes through here: admitted by the Redis scheduler (no slot → a
 * rate-limited error with retryAt, never a sleep), made on a fresh AccountingApi bound to one
 * organisation and token, bounded by a deadline, classified, metered, and its rate-limit headers
 * fed back to the scheduler.
 */
export class XeroCaller {
  constructor(
    private readonly limiter: XeroRateLimiter,
    private readonly meter: XeroMeter,
    private readonly accountingBasePath: string,
    private readonly deadlineMs: number,
  ) {}

  async call<T>(ctx: OrgContext, opts: CallOptions, fn: SdkCall<T>): Promise<CallResult<T>> {
    const admission = await this.limiter.acquire(ctx.xeroTenantId, opts.dayReserve ?? 0);
    if (!admission.admitted) {
      throw new XeroCallError('rate-limited', `no Xero slot (${admission.reason})`, {
        retryAt: admission.retryAt,
        problem: admission.reason,
      });
    }
    countXeroCall();
    const seam = new CallSeam(this.deadlineMs);
    const api = new AccountingApi(this.accountingBasePath);
    api.accessToken = ctx.accessToken;
    api.setDefaultAuthentication(seam.authentication());
    let outcome = 'ok';
    let headers: Record<string, string | undefined> = {};
    // the HTTP status (0: no answer); null when no call went out (the SDK refused its arguments)
    let status: number | null = 0;
    const started = performance.now();
    try {
      const deadline = new Promise<never>((_, reject) =>
        seam.signal.addEventListener('abort', () => reject(new Error('deadline')), { once: true }),
      );
      const result = await Promise.race([fn(api), deadline]);
      headers = (result.response.headers ?? {}) as Record<string, string | undefined>;
      status = result.response.status;
      return { body: result.body, status: result.response.status, headers };
    } catch (raw) {
      let failure: ReturnType<XeroCaller['parse']>;
      try {
        failure = this.parse(raw);
      } catch (refused) {
        status = null;
        throw refused;
      }
      headers = failure.headers;
      status = failure.status;
      const error = classifyFailure({ ...failure, deadlineHit: seam.deadlineHit, isWrite: opts.isWrite });
      outcome = error.kind;
      if (error.kind === 'rate-limited') {
        const until = await this.limiter.penalise(ctx.xeroTenantId, error.problem, num(headers['retry-after']));
        throw new XeroCallError('rate-limited', error.message, { status: 429, problem: error.problem, retryAt: until });
      }
      throw error;
    } finally {
      seam.done();
      const dayRemaining = num(headers['x-daylimit-remaining']);
      const minRemaining = num(headers['x-minlimit-remaining']);
      if (status !== null)
        publishConnectorCall({
          connector: 'xero',
          operation: opts.operation,
          status,
          durationSeconds: (performance.now() - started) / 1000,
          bytesIn: seam.counters.bytesIn,
          bytesOut: seam.counters.bytesOut,
          tenantId: ctx.tenantId,
          retryAfterSeconds: num(headers['retry-after']),
          budget: { organisation: ctx.xeroTenantId, minRemaining, dayRemaining },
        });
      await this.limiter.release(ctx.xeroTenantId, admission.leaseId);
      await this.limiter.observe(ctx.xeroTenantId, {
        minRemaining,
        dayRemaining,
        appMinRemaining: num(headers['x-appminlimit-remaining']),
      });
      await this.meter.record({
        connectionId: ctx.connectionId,
        tenantId: ctx.tenantId,
        operation: opts.operation,
        outcome,
        dayRemaining,
        minRemaining,
        ...seam.counters,
      });
    }
  }

  /** xero-node rejects with a JSON string (ApiError.generateError); our deadline with an Error. */
  private parse(raw: unknown): {
    status: number;
    body: unknown;
    headers: Record<string, string | undefined>;
    cause?: string;
  } {
    if (raw instanceof XeroCallError) throw raw;
    if (typeof raw === 'string') {
      try {
        const parsed = JSON.parse(raw) as {
          response?: { statusCode?: number; body?: unknown; headers?: Record<string, string> };
        };
        const status = parsed.response?.statusCode ?? 0;
        const body = parsed.response?.body;
        return {
          status,
          body,
          headers: parsed.response?.headers ?? {},
          cause: status === 0 ? String(body) : undefined,
        };
      } catch {
        return { status: 0, body: raw, headers: {}, cause: raw };
      }
    }
    if (raw instanceof Error) {
      // SDK argument checks are programming errors, not Xero's answer.
      if (/Required parameter/.test(raw.message)) throw new XeroCallError('permanent', raw.message);
      return { status: 0, body: null, headers: {}, cause: raw.message };
    }
    return { status: 0, body: null, headers: {}, cause: String(raw) };
  }
}
