// xero-node's public seam for per-request options: every generated API method passes its axios
// request options through `authentications.default.applyToRequest` (setDefaultAuthentication).
// We use it to give each call a hard deadline (the SDK sets none) and to count body bytes.

export interface CallCounters {
  bytesOut: number;
  bytesIn: number;
}

interface AxiosLikeOptions {
  timeout?: number;
  signal?: AbortSignal;
  transformRequest?: Array<(data: unknown, headers: Record<string, unknown>) => unknown>;
  transformResponse?: Array<(data: unknown) => unknown>;
  maxRedirects?: number;
}

export class CallSeam {
  readonly counters: CallCounters = { bytesOut: 0, bytesIn: 0 };
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly deadlineMs: number) {
    this.timer = setTimeout(() => this.controller.abort(new Error('deadline')), deadlineMs);
    this.timer.unref();
  }

  get deadlineHit(): boolean {
    return this.controller.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  done(): void {
    clearTimeout(this.timer);
  }

  /** The `Authentication` object xero-node calls for every request. */
  authentication(): { applyToRequest(options: AxiosLikeOptions): void } {
    return {
      applyToRequest: (options: AxiosLikeOptions) => {
        options.timeout = this.deadlineMs;
        options.signal = this.controller.signal;
        options.maxRedirects = 0;
        options.transformRequest = [
          (data, headers) => {
            if (data === undefined || data === null) return data;
            const text = typeof data === 'string' ? data : JSON.stringify(data);
            headers['Content-Type'] = 'application/json';
            this.counters.bytesOut += Buffer.byteLength(text);
            return text;
          },
        ];
        options.transformResponse = [
          (data) => {
            if (typeof data !== 'string') return data;
            this.counters.bytesIn += Buffer.byteLength(data);
            if (!data) return data;
            try {
              return JSON.parse(data) as unknown;
            } catch {
              return data;
            }
          },
        ];
      },
    };
  }
}
