// Steps several browser suites share: what a person does in the SPA, through real pages.
import { Page } from 'playwright-core';
import { TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { NamedOrg, passXero, SpaWorld, STEP_TIMEOUT } from './spa-world';

/** The wizard from step 2: Connect to Xero, add the X3 folder (test first), pair them. */
export async function connectEverything(
  page: Page,
  world: SpaWorld,
  org: NamedOrg,
  folder: TestFolder,
  x3Company?: string,
): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/onboarding')) await page.goto(`${world.api.url}/onboarding`);
  await page.getByRole('heading', { level: 1, name: 'Set up Ledgerbridge' }).waitFor();

  // Step 2: Connect to Xero (consent at the sandbox, pick the organisation, back to the wizard).
  await page.getByRole('link', { name: 'Connect to Xero' }).click();
  const back = await passXero(page, world, org);
  expect(back.pathname).toBe('/onboarding');
  await page.getByText('Connected 1 Xero organisation.').waitFor();
  await page.getByText(`Connected: ${org.name}.`).waitFor();

  // Step 3: Sage X3 — test, take the companies it found, save.
  const x3 = page.getByRole('form', { name: 'Add a Sage X3 connection' });
  await x3.getByLabel('Connection name').fill('Head office X3');
  await x3.getByLabel('Server address').fill(world.sandbox.url);
  await x3.getByLabel('Folder', { exact: true }).fill(folder.folder);
  await x3.getByLabel('Client id').fill(folder.connectedApplication.clientId);
  await x3.getByLabel('Secret').fill(folder.connectedApplication.secret);
  await x3.getByLabel('X3 user').fill(folder.connectedApplication.user);
  await x3.getByRole('button', { name: 'Test connection' }).click();
  await x3.getByText('Connected: Sage X3 answered').waitFor({ timeout: 2 * STEP_TIMEOUT });
  await x3.getByRole('button', { name: /Use the companies found/ }).click();
  await x3.getByRole('button', { name: 'Save connection' }).click();
  await page.getByText(/^Connected: Head office X3/).waitFor({ timeout: 2 * STEP_TIMEOUT });

  // Step 4: pair them.
  const pair = page.getByRole('form', { name: 'Pair Xero with Sage X3' });
  await pair.getByLabel('Xero organisation').waitFor();
  if (x3Company) await pair.getByLabel('X3 company').selectOption(x3Company);
  await pair.getByRole('button', { name: 'Pair them' }).click();
  await page.getByText('All connected').waitFor({ timeout: STEP_TIMEOUT });
}
