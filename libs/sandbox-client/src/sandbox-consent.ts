import { parse } from 'node-html-parser';
import { formBody, HttpBrowser, Page } from './http-browser';

export interface SandboxConsent {
  /** The consent URL the connector built (the sandbox's authorization endpoint). */
  consentUrl: string;
  sandboxUrl: string;
  email: string;
  password: string;
  /** Organisations to tick on the consent page; each must be offered there. */
  organisationIds: string[];
}

/** The sandbox's login or consent form on a page, found by the HTML parser. */
function formOn(page: Page): { kind: 'login' | 'consent'; action: string; offered: string[] } | undefined {
  const root = parse(page.text);
  for (const form of root.querySelectorAll('form[action]')) {
    const action = form.getAttribute('action') ?? '';
    const kind = action.endsWith('/login') ? 'login' : action.endsWith('/consent') ? 'consent' : undefined;
    if (!kind) continue;
    const offered = form
      .querySelectorAll('input[name="tenantIds"]')
      .map((input) => input.getAttribute('value') ?? '')
      .filter(Boolean);
    return { kind, action: new URL(action, page.url).toString(), offered };
  }
  return undefined;
}

/**
 * Try mode, connector tests and the bench: the sandbox's demo user is ours, so instead of making
 * a person type its password we walk the sandbox's login and consent pages server-side, as a
 * browser would, and take the redirect back to the app (code and state in its query). Everything
 * after that (code exchange, grant, connections) is the production path. Never used against Xero.
 */
export async function consentAsSandboxUser(p: SandboxConsent): Promise<URL> {
  const browser = new HttpBrowser(10_000);
  // Leaving the sandbox means being sent back to the app's redirect URI.
  const stopAt = (url: string) => !url.startsWith(p.sandboxUrl);
  let page = await browser.go(p.consentUrl, { stopAt });
  for (let step = 0; step < 3 && !stopAt(page.url); step++) {
    const form = formOn(page);
    if (!form) throw new Error(`unexpected sandbox page (${page.status} at ${page.url})`);
    let fields: Record<string, string | string[]>;
    if (form.kind === 'login') fields = { email: p.email, password: p.password };
    else {
      const missing = p.organisationIds.filter((id) => !form.offered.includes(id));
      if (missing.length) throw new Error(`the sandbox did not offer organisation(s) ${missing.join(', ')}`);
      fields = { decision: 'allow', tenantIds: p.organisationIds };
    }
    page = await browser.go(form.action, {
      method: 'POST',
      body: formBody(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      stopAt,
    });
  }
  if (!stopAt(page.url)) throw new Error('the sandbox did not send the browser back to the app');
  return new URL(page.url);
}
