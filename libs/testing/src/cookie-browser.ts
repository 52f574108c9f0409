/**
 * A small HTTP "browser" for end-to-end tests: a cookie jar per host, manual redirects across
 * origins (our api ↔ the sandbox identity server), form posts, and a stop condition.
 */
export interface Page {
  url: string;
  status: number;
  text: string;
  headers: Headers;
}

export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** Every response this browser received (for tests that inspect what was disclosed). */
  readonly seen: Array<{ url: string; status: number; headers: string; body: string }> = [];

  /** All cookie values this browser holds, as a person's browser storage would. */
  cookieValues(): string[] {
    return [...this.jars.values()].flatMap((jar) => [...jar.values()]);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar(new URL(origin).host).get(name);
  }

  setCookie(origin: string, name: string, value: string): void {
    this.jar(new URL(origin).host).set(name, value);
  }

  /** Follows redirects until a non-redirect answer, or until `stopAt` matches the next URL. */
  async go(
    url: string,
    init: {
      method?: string;
      form?: Record<string, string | string[]>;
      json?: unknown;
      headers?: Record<string, string>;
      stopAt?: (url: string) => boolean;
    } = {},
  ): Promise<Page> {
    let current = url;
    let method = init.method ?? 'GET';
    let body: string | undefined;
    const headers: Record<string, string> = { ...init.headers };
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form))
        for (const one of ([] as string[]).concat(v)) params.append(k, one);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    for (let hop = 0; hop < 20; hop++) {
      const host = new URL(current).host;
      const jar = this.jar(host);
      const res = await fetch(current, {
        method,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(15_000),
        headers: { ...headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair, ...attrs] = c.split(';');
        const i = pair.indexOf('=');
        const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0/i.test(a));
        if (expired) jar.delete(pair.slice(0, i).trim());
        else jar.set(pair.slice(0, i).trim(), pair.slice(i + 1));
      }
      const location = res.headers.get('location');
      const headerText = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, current).toString();
        this.seen.push({
          url: current,
          status: res.status,
          headers: headerText,
          body: Buffer.from(await res.arrayBuffer()).toString('utf8'),
        });
        if (init.stopAt?.(next)) return { url: next, status: res.status, text: '', headers: res.headers };
        current = next;
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
        continue;
      }
      const text = await res.text();
      this.seen.push({ url: current, status: res.status, headers: headerText, body: text });
      return { url: current, status: res.status, text, headers: res.headers };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  private jar(host: string): Map<string, string> {
    let jar = this.jars.get(host);
    if (!jar) this.jars.set(host, (jar = new Map()));
    return jar;
  }
}
