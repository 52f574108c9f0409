import { CookieJarFetch } from './cookie-jar-fetch';

/**
 * Try-mode only. The sandbox's demo user is ours, so instead of making the person type its
 * password we walk its login and consent pages server-side, exactly as a browser would, and take
 * the authorization code from the redirect. Everything after that (code exchange, grant,
 * connections) is the production path. Never used against the real Xero.
 */
export async function consentAsSandboxUser(p: {
  consentUrl: string;
  sandboxUrl: string;
  email: string;
  password: string;
  organisationIds: string[];
}): Promise<URL> {
  const browser = new CookieJarFetch(10_000);
  // Leaving the sandbox means being sent back to the app's redirect URI, code in hand.
  const stop = (url: string) => !url.startsWith(p.sandboxUrl);
  let page = await browser.follow(p.consentUrl, {}, stop);
  for (let step = 0; step < 3 && !stop(page.url); step++) {
    const login = /action="(\/identity\/interaction\/[^"]+\/login)"/.exec(page.text)?.[1];
    const consent = /action="(\/identity\/interaction\/[^"]+\/consent)"/.exec(page.text)?.[1];
    if (login)
      page = await browser.follow(`${p.sandboxUrl}${login}`, { form: { email: p.email, password: p.password } }, stop);
    else if (consent)
      page = await browser.follow(
        `${p.sandboxUrl}${consent}`,
        { form: { decision: 'allow', tenantIds: p.organisationIds } },
        stop,
      );
    else throw new Error(`unexpected sandbox page (${page.status})`);
  }
  if (!stop(page.url)) throw new Error('the sandbox did not return an authorization code');
  return new URL(page.url);
}
