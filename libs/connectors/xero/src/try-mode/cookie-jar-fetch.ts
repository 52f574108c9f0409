/** fetch with one cookie jar and manual redirects, stopping before a URL `stop` accepts. */
export class CookieJarFetch {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly timeoutMs: number) {}

  async follow(
    url: string,
    init: { form?: Record<string, string | string[]> },
    stop: (url: string) => boolean,
  ): Promise<{ url: string; status: number; text: string }> {
    let current = url;
    let body: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form))
        for (const one of ([] as string[]).concat(v)) params.append(k, one);
      body = params.toString();
    }
    for (let hop = 0; hop < 15; hop++) {
      const res = await fetch(current, {
        method: body ? 'POST' : 'GET',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      for (const c of res.headers.getSetCookie()) {
        const pair = c.split(';')[0];
        const i = pair.indexOf('=');
        this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        const next = new URL(location, current).toString();
        if (stop(next)) return { url: next, status: res.status, text: '' };
        current = next;
        body = undefined;
        continue;
      }
      return { url: current, status: res.status, text: await res.text() };
    }
    throw new Error('too many redirects');
  }
}
