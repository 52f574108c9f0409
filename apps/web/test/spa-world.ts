// Browser-test world: the Xero + X3 sandbox in-process, our app registered with it, and the api
// serving the built SPA — then real Chromium clicking through our pages and the sandbox's own
// Xero login, consent and Connected Apps pages. Everything listens on 127.0.0.1.
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { findFreePort } from '../../../scripts/devstack/ports';
import { http, Sandbox, startSandbox, TestOrg } from '../../sandbox/src/xero/testing/sandbox-harness';
import { RunningApi, startApi } from '../../api/test/api-harness';

export const WEB_DIST_DIR = resolve(__dirname, '../dist');
/** Xero seconds per real second in these tests: "two Xero minutes" last one real minute. */
export const CLOCK_SCALE = 2;
/** One page step's backstop: playwright waits for the condition; a loaded machine needs the room. */
export const STEP_TIMEOUT = 60_000;

export interface SpaWorld {
  sandbox: Sandbox;
  api: RunningApi;
  app: { clientId: string; clientSecret: string; webhookKey: string; name: string };
  close: () => Promise<void>;
}

/**
 * `env` adds to the api's environment once the sandbox is up and the api's address is known (the
 * billing suite takes a Stripe account on the sandbox and registers our webhook there).
 */
export async function startSpaWorld(
  opts: { env?: (sandbox: Sandbox, publicUrl: string) => Promise<Record<string, string>> } = {},
): Promise<SpaWorld> {
  const sandbox = await startSandbox({ clockScale: CLOCK_SCALE });
  const port = await findFreePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const name = `Ledgerbridge browser ${port}`;
  const reg = await http(`${sandbox.url}/xero-developer/apps`, {
    method: 'POST',
    json: {
      name,
      redirectUris: [`${publicUrl}/api/auth/xero/callback`, `${publicUrl}/api/xero/callback`],
      // The App Store listing's "Get this app": Sign up with Xero, one consent.
      signUpUrl: `${publicUrl}/api/auth/xero/login?signup=1`,
    },
  });
  if (reg.status !== 201) throw new Error(`app registration failed: ${reg.status} ${reg.text}`);
  const app = { ...(reg.body as Omit<SpaWorld['app'], 'name'>), name };
  const api = await startApi(
    {
      PUBLIC_URL: publicUrl,
      WEB_DIST_DIR,
      XERO_CLIENT_ID: app.clientId,
      XERO_CLIENT_SECRET: app.clientSecret,
      XERO_WEBHOOK_KEY: app.webhookKey,
      XERO_IDENTITY_URL: `${sandbox.url}/identity`,
      XERO_API_URL: sandbox.url,
      XERO_CLOCK_SCALE: String(CLOCK_SCALE),
      ALLOW_PRIVATE_TARGETS: 'true', // the X3 sandbox listens on loopback
      SANDBOX_URL: sandbox.url, // try mode
      ...(opts.env ? await opts.env(sandbox, publicUrl) : {}),
    },
    port,
  );
  return { sandbox, api, app, close: async () => (await api.close(), await sandbox.close()) };
}

export const uniq = (p: string) => `${p}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface NamedOrg extends TestOrg {
  name: string;
}

/** A sandbox Xero organisation with a name we can look for on the page. */
export async function newOrg(world: SpaWorld, email: string, name = `Org ${uniq('x')}`): Promise<NamedOrg> {
  const res = await http(`${world.sandbox.url}/xero-control/organisations`, {
    method: 'POST',
    json: { userEmail: email, country: 'NZ', name },
  });
  if (res.status !== 201) throw new Error(`createOrg: ${res.status} ${res.text}`);
  return { ...(res.body as TestOrg), name };
}

/** A fresh browser context (its own cookies) and page, failing on uncaught page errors. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(STEP_TIMEOUT);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // a failing test names where this page was and what it showed (scripts/testing/browser.environment.js)
  const open = (globalThis as { __lbOpenPages?: Set<Page> }).__lbOpenPages;
  open?.add(page);
  page.on('close', () => open?.delete(page));
  return { context, page, errors };
}

/**
 * Whatever the sandbox's Xero pages ask — log in, then pick organisations (when the request asks
 * for accounting scopes) and allow — until the browser is back on our site (not on an /api/ hop).
 */
export async function passXero(
  page: Page,
  world: SpaWorld,
  org: TestOrg,
  tenantIds: string[] = [org.tenantId],
): Promise<URL> {
  const back = (u: URL) => u.origin === world.api.url && !u.pathname.startsWith('/api/');
  for (let step = 0; step < 4; step++) {
    await page.waitForURL((u) => back(u) || u.pathname.includes('/identity/'), { timeout: STEP_TIMEOUT });
    const url = new URL(page.url());
    if (back(url)) return url;
    if (await page.locator('input[name="password"]').count()) {
      await page.getByLabel('Email address').fill(org.userEmail);
      await page.getByLabel('Password').fill(org.password);
      await Promise.all([
        page.waitForURL((u) => u.href !== url.href),
        page.getByRole('button', { name: 'Log in' }).click(),
      ]);
    } else if (await page.getByRole('button', { name: 'Allow access' }).count()) {
      for (const box of await page.locator('input[name="tenantIds"]').all()) {
        const wanted = tenantIds.includes((await box.getAttribute('value')) ?? '');
        if ((await box.isChecked()) !== wanted) await box.setChecked(wanted);
      }
      await Promise.all([
        page.waitForURL((u) => u.href !== url.href),
        page.getByRole('button', { name: 'Allow access' }).click(),
      ]);
    } else {
      throw new Error(`unexpected Xero page at ${page.url()}: ${(await page.content()).slice(0, 300)}`);
    }
  }
  throw new Error(`did not come back from Xero: ${page.url()}`);
}

/** What a person does: open the sign-in page, click "Sign in with Xero", log in and allow. */
export async function signInWithXero(page: Page, world: SpaWorld, org: TestOrg, path = '/sign-in'): Promise<URL> {
  await page.goto(`${world.api.url}${path}`);
  await page.getByRole('link', { name: 'Sign in with Xero' }).click();
  return passXero(page, world, org);
}

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

export interface PageCheck {
  name: string;
  violations: Array<{ id: string; impact: string | null | undefined; nodes: number; help: string }>;
  overflow: Array<{ width: number; scrollWidth: number; widest?: string[] }>;
}

/**
 * axe-core (no serious or critical violation) and no horizontal scroll, at a phone and a laptop
 * size. Returns what it found so a failing test names the page and the rule.
 */
export async function checkPage(page: Page, name: string): Promise<PageCheck> {
  const result: PageCheck = { name, violations: [], overflow: [] };
  for (const size of VIEWPORTS) {
    await page.setViewportSize(size);
    // Laid out at the new size once two animation frames have passed (not after a fixed sleep).
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const widths = await page.evaluate(() => ({
      width: window.innerWidth,
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    }));
    if (widths.scrollWidth > widths.width) {
      // name the innermost elements past the right edge, so a failure says what to fix
      const widest = await page.evaluate(() => {
        const past = (e: Element) => e.getBoundingClientRect().right > window.innerWidth + 1;
        return [...document.querySelectorAll('body *')]
          .filter((e) => past(e) && ![...e.children].some(past))
          .slice(0, 3)
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}:${Math.round(e.getBoundingClientRect().right)}`,
          );
      });
      result.overflow.push({ ...widths, widest });
    }
    // SPA_SCREENSHOTS=<dir> keeps a full-page picture of every checked page, for a human look.
    if (process.env.SPA_SCREENSHOTS) {
      await page.screenshot({
        path: `${process.env.SPA_SCREENSHOTS}/${name.replace(/[^a-z0-9]+/gi, '_')}-${size.width}.png`,
        fullPage: true,
      });
    }
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    for (const v of axe.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        result.violations.push({
          id: `${v.id}@${size.width}`,
          impact: v.impact,
          nodes: v.nodes.length,
          help: `${v.help}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
        });
      }
    }
  }
  await page.setViewportSize(VIEWPORTS[1]);
  return result;
}

export async function expectPageClean(page: Page, name: string): Promise<void> {
  const found = await checkPage(page, name);
  expect({ name, violations: found.violations, overflow: found.overflow }).toEqual({
    name,
    violations: [],
    overflow: [],
  });
}

/** The invitation link's token, as the invitee's inbox gets it (opened from `secrets`). */
export { invitationToken } from '../../api/test/xero-world';
