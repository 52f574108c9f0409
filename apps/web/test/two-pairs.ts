// A tenant with two integration pairs, set up as a customer would: Sign up with Xero (the first
// organisation in the same consent), Connect to Xero from Connections for the same Xero user's
// second organisation, one X3 folder with two companies, then Auckland (NZ with NZ10) and Sydney
// (AU with AU10). The billing specs downgrade and choose between them.
import { Page } from 'playwright-core';
import { http } from '../../sandbox/src/xero/testing/sandbox-harness';
import { provisionFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { NamedOrg, newOrg, passXero, SpaWorld, uniq } from './spa-world';

/** A second organisation of the same Xero user, in another region (its own currency and X3 company). */
async function secondOrg(world: SpaWorld, first: NamedOrg, name: string): Promise<NamedOrg> {
  const res = await http(`${world.sandbox.url}/xero-control/organisations`, {
    method: 'POST',
    json: { userEmail: first.userEmail, country: 'AU', name },
  });
  if (res.status !== 201) throw new Error(`second organisation: ${res.status} ${res.text}`);
  return { ...(res.body as NamedOrg), name };
}

/** Signs up on the page and pairs both organisations; the pairs' ids, the older (Auckland) first. */
export async function signUpWithTwoPairs(world: SpaWorld, page: Page): Promise<{ tenantId: string; pairs: string[] }> {
  const first = await newOrg(world, `${uniq('downgrade')}@example.test`, `Kauri Goods NZ ${uniq('t')}`);
  await page.goto(`${world.api.url}/sign-in`);
  await page.getByRole('link', { name: 'Sign up with Xero' }).click();
  expect((await passXero(page, world, first)).pathname).toBe('/onboarding');
  const tenantId = ((await (await page.request.get(`${world.api.url}/api/tenant`)).json()) as { id: string }).id;
  const second = await secondOrg(world, first, `Kauri Goods AU ${uniq('t')}`);
  await page.goto(`${world.api.url}/settings/connections`);
  await page.getByRole('link', { name: 'Connect to Xero' }).last().click();
  await passXero(page, world, first, [first.tenantId, second.tenantId]);
  const xero = (
    (await (await page.request.get(`${world.api.url}/api/connections`)).json()) as {
      xero: Array<{ id: string; xeroTenantId: string; status: string }>;
    }
  ).xero;
  expect(xero.map((c) => [c.xeroTenantId, c.status]).sort()).toEqual(
    [
      [first.tenantId, 'active'],
      [second.tenantId, 'active'],
    ].sort(),
  );

  const folder = await provisionFolder(world.sandbox.url);
  const a = folder.connectedApplication;
  const session = (await (await page.request.get(`${world.api.url}/api/auth/session`)).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': session.csrfToken };
  const x3 = await page.request.post(`${world.api.url}/api/connections/x3`, {
    headers,
    data: {
      name: 'Head office',
      baseUrl: world.sandbox.url,
      folder: folder.folder,
      companies: [],
      auth: { mode: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
    },
  });
  expect(x3.status()).toBe(201);
  const x3Id = ((await x3.json()) as { id: string }).id;
  const pairs: string[] = [];
  for (const [name, org, x3Company] of [
    ['Auckland', first, 'NZ10'],
    ['Sydney', second, 'AU10'],
  ] as const) {
    const pair = await page.request.post(`${world.api.url}/api/integrations`, {
      headers,
      data: {
        name,
        xeroConnectionId: xero.find((c) => c.xeroTenantId === org.tenantId)!.id,
        x3ConnectionId: x3Id,
        x3Company,
      },
    });
    expect({ name, status: pair.status() }).toEqual({ name, status: 201 });
    pairs.push(((await pair.json()) as { id: string }).id);
  }
  return { tenantId, pairs };
}
