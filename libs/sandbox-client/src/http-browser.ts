import { CookieJar } from 'tough-cookie';

/** One HTTP answer on the way (redirects included), for callers that inspect what was sent to them. */
export interface Hop {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

/** Where the browser ended: the last answer, or the redirect target `stopAt` accepted (then no body). */
export interface Page {
  url: string;
  status: number;
  text: string;
  headers: Headers;
}

export interface BrowserRequest {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Stops before following a redirect to a URL this accepts (say, the app's callback). */
  stopAt?: (url: string) => boolean;
  onHop?: (hop: Hop) => void;
}

/**
 * A small HTTP "browser": tough-cookie's RFC 6265 jar (domain, path, expiry, Secure; like a real
 * browser it does not separate ports), redirects followed by hand so each hop's cookies are
 * stored and a flow can stop at a chosen URL, and a deadline on every request.
 */
export class HttpBrowser {
  readonly jar = new CookieJar();

  constructor(
    private readonly timeoutMs = 15_000,
    private readonly maxHops = 20,
  ) {}

  async go(url: string, request: BrowserRequest = {}): Promise<Page> {
    let current = url;
    let method = request.method ?? 'GET';
    let body = request.body;
    const headers: Record<string, string> = { ...request.headers };
    for (let hop = 0; hop < this.maxHops; hop++) {
      const cookie = await this.jar.getCookieString(current);
      const res = await fetch(current, {
        method,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: cookie ? { ...headers, cookie } : headers,
      });
      for (const setCookie of res.headers.getSetCookie())
        await this.jar.setCookie(setCookie, current, { ignoreError: true });
      const text = await res.text();
      request.onHop?.({ url: current, status: res.status, headers: res.headers, body: text });
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location)
        return { url: current, status: res.status, text, headers: res.headers };
      const next = new URL(location, current).toString();
      if (request.stopAt?.(next)) return { url: next, status: res.status, text: '', headers: res.headers };
      // As browsers do after 301/302/303 (the only redirects these flows use): the next hop is a GET.
      current = next;
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** A form body with repeated keys for list values (checkboxes). */
export function formBody(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form))
    for (const one of ([] as string[]).concat(value)) params.append(key, one);
  return params.toString();
}
