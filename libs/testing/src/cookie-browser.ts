import { formBody, HttpBrowser, Page } from '#lb/sandbox-client';

export type { Page } from '#lb/sandbox-client';

/**
 * A person's browser for end-to-end tests: tough-cookie's jar (through HttpBrowser), redirects
 * across origins (our api ↔ the sandbox identity server), form and JSON posts, a stop condition,
 * and a record of every answer received (for tests that inspect what was disclosed).
 */
export class CookieBrowser {
  // Per request, only a backstop against a hang: a call such as "start the sandbox" provisions a
  // whole organisation and folder, which took over 15 s on a loaded 2-core machine.
  private readonly http = new HttpBrowser(150_000);

  /** Every response this browser received, redirects included. */
  readonly seen: Array<{ url: string; status: number; headers: string; body: string }> = [];

  /** All cookie values this browser holds, as a person's browser storage would. */
  cookieValues(): string[] {
    return (this.http.jar.serializeSync()?.cookies ?? []).map((c) => String(c.value ?? ''));
  }

  /** The Cookie header this browser would send to `url`, for a download read as bytes with fetch. */
  cookieHeader(url: string): string {
    return this.http.jar.getCookieStringSync(url);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.http.jar.getCookiesSync(origin).find((c) => c.key === name)?.value;
  }

  /** Follows redirects until a non-redirect answer, or until `stopAt` matches the next URL. */
  go(
    url: string,
    init: {
      method?: string;
      form?: Record<string, string | string[]>;
      json?: unknown;
      headers?: Record<string, string>;
      stopAt?: (url: string) => boolean;
    } = {},
  ): Promise<Page> {
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined;
    if (init.form) {
      body = formBody(init.form);
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    return this.http.go(url, {
      method: init.method,
      body,
      headers,
      stopAt: init.stopAt,
      onHop: (hop) =>
        this.seen.push({
          url: hop.url,
          status: hop.status,
          headers: [...hop.headers].map(([k, v]) => `${k}: ${v}`).join('\n'),
          body: hop.body,
        }),
    });
  }
}
