import * as OTPAuth from 'otpauth';
import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffService } from '#lb/accounts';
import { KeyRing, SecretBox } from '#lb/crypto';
import { launchBrowser, ownerDataSource, requireEnv, runtimeDataSource } from '#lb/testing';
import { seedRun, seedSettled } from '../../api/test/flows-world';
import { provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { expectPageClean, newOrg, openPage, signInWithXero, SpaWorld, startSpaWorld, uniq } from './spa-world';
import { connectEverything } from './journeys';

describe('SPA: support console', () => {
  let world: SpaWorld;
  let browser: Browser;
  let folder: TestFolder;
  let ds: DataSource;
  let owner: DataSource;
  let staff: StaffService;

  beforeAll(async () => {
    world = await startSpaWorld();
    browser = await launchBrowser();
    folder = await provisionFolder(world.sandbox.url);
    ds = await runtimeDataSource(2);
    owner = await ownerDataSource();
    staff = new StaffService(
      ds,
      new SecretBox(KeyRing.parse(requireEnv('SECRETS_KEYS'), requireEnv('SECRETS_ACTIVE_KEY_ID'))),
    );
  });
  afterAll(async () => {
    await owner?.destroy();
    await ds?.destroy();
    await browser?.close();
    await world?.close();
  });

  it('reads a tenant only after password, TOTP and a stated reason, once per time box; the tenant sees one access in its audit log', async () => {
    // A customer with both systems connected, and a name support can search for.
    const org = await newOrg(world, `${uniq('cust')}@example.test`, `Ticket Co ${uniq('t')}`);
    const tenantName = `Ticket Customer ${uniq('n')}`;
    const customer = await openPage(browser);
    const support = await openPage(browser);
    try {
      await signInWithXero(customer.page, world, org);
      await connectEverything(customer.page, world, org, folder);
      await customer.page.goto(`${world.api.url}/settings/organisation`);
      await customer.page.getByLabel('Organisation name').fill(tenantName);
      await customer.page.getByRole('button', { name: 'Save name' }).click();
      await customer.page.getByText(`The organisation is now called ${tenantName}.`).waitFor();
      const tenantId = (
        (await (await customer.page.request.get(`${world.api.url}/api/auth/session`)).json()) as {
          tenant: { id: string };
        }
      ).tenant.id;
      // Recent sync activity as the drain leaves it (no worker runs in this suite): one written, one refused.
      const integrationId = (
        (await (await customer.page.request.get(`${world.api.url}/api/integrations`)).json()) as Array<{ id: string }>
      )[0].id;
      const settled = { tenantId, integrationId, flowKey: 'customers', entity: 'customer' };
      await seedSettled(owner, {
        ...settled,
        sourceKey: 'NZC0100',
        state: 'done',
        outcome: { action: 'created', messages: ['Contact Kiwi Fruit Ltd created'] },
      });
      const deadId = await seedSettled(owner, {
        ...settled,
        sourceKey: 'NZC0101',
        state: 'dead',
        error: 'validation',
        outcome: { messages: ['Account code 999 is not valid'] },
      });
      await owner.query(`UPDATE sync_pending_changes SET source = $2::jsonb WHERE id = $1`, [
        deadId,
        JSON.stringify({ BPCNUM: 'NZC0101', VATNO: 'GB999999973' }),
      ]);
      await seedRun(owner, tenantId, integrationId, 'NZC0101'); // its drain run, with the run's log lines
      const ownerName = (
        (await (await customer.page.request.get(`${world.api.url}/api/tenant/members`)).json()) as Array<{
          displayName: string;
        }>
      )[0].displayName;

      // A new staff account: the authenticator is enrolled at its first sign-in.
      const email = `${uniq('sam')}@support.ledgerbridge.test`;
      const password = 'correct horse battery staple';
      await staff.create(email, 'Sam Support', password, 'test');

      const page = support.page;
      await page.goto(`${world.api.url}/staff`);
      await page.waitForURL(/\/staff\/sign-in$/);
      await expectPageClean(page, 'staff sign-in');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alert').filter({ hasText: 'Email or password is wrong' }).waitFor();
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Step 2 of 2: set up your authenticator' }).waitFor();
      await page.getByAltText('QR code to scan with your authenticator app').waitFor();
      await expectPageClean(page, 'staff TOTP enrolment');
      // What a person whose app cannot scan does: type the key shown under the QR code.
      await page.getByText('Cannot scan? Enter the key by hand').click();
      const key = (await page.locator('.enrolment code').textContent())!.replace(/\s/g, '');
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key), digits: 6, period: 30 });

      // Password alone grants nothing.
      const half = await page.request.get(`${world.api.url}/api/support/tenants?q=Ticket`);
      expect([401, 403]).toContain(half.status());

      await page.getByLabel('6-digit code').fill(totp.generate());
      await page.getByRole('button', { name: 'Confirm and sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Support console' }).waitFor();

      // Signed in, but no grant yet: the tenant's data stays closed.
      const early = await page.request.get(`${world.api.url}/api/support/tenants/${tenantId}/members`);
      expect(early.status()).toBe(403);

      await page.getByLabel('Tenant name or id').fill(tenantName);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('button', { name: `Open ${tenantName}` }).click();
      const access = page.getByRole('form', { name: 'Request access' });
      await access.getByLabel('Reason').fill('too short');
      await access.getByRole('button', { name: 'Open read-only access' }).click();
      await access
        .getByText(/at least 10 characters/)
        .first()
        .waitFor();
      await expectPageClean(page, 'staff access form');
      const reason = `Ticket ${uniq('T')}: invoices are not reaching Xero`;
      await access.getByLabel('Reason').fill(reason);
      await access.getByLabel('Duration').selectOption('30');
      await access.getByRole('button', { name: 'Open read-only access' }).click();

      const views = page.getByRole('region', { name: `${tenantName} (read-only)` });
      // Integrations first, with their flows' state.
      await views.getByRole('region', { name: /^Integration / }).waitFor();
      await views.getByText(`Xero: ${org.name}`, { exact: false }).waitFor();
      await expectPageClean(page, 'staff console (integrations)');
      // The run log: a run of the customers flow, and its log lines with the target's words.
      await views.getByRole('tab', { name: 'Runs' }).click();
      const run = views.getByTestId('run').filter({ hasText: 'customers' }).first();
      await run.getByText('partial').waitFor();
      await run.getByText('Log').click();
      const logLine = run.getByTestId('run-log-line');
      await logLine.filter({ hasText: 'Account code 999 is not valid' }).filter({ hasText: 'NZC0101' }).waitFor();
      await logLine.filter({ hasText: 'NZC0101X' }).filter({ hasText: 'created' }).waitFor();
      await expectPageClean(page, 'staff console (runs)');
      // The tenant's recent sync activity: a log line with what happened and the target's words.
      await views.getByRole('tab', { name: 'Sync activity' }).click();
      const line = views.getByTestId('activity-line').filter({ hasText: 'NZC0100' });
      await line.filter({ hasText: 'Contact Kiwi Fruit Ltd created' }).waitFor();
      await views.getByTestId('activity-line').filter({ hasText: 'Account code 999 is not valid' }).waitFor();
      // Its dead letter, the source record with the tax number masked.
      await views.getByRole('tab', { name: 'Dead letters' }).click();
      const dead = views.getByTestId('dead-letter').filter({ hasText: 'NZC0101' });
      await dead.getByText('Source record').click();
      await dead.getByText('•••••••9973', { exact: false }).waitFor();
      expect(await views.textContent()).not.toContain('GB999999973');
      await expectPageClean(page, 'staff console (dead letters)');
      // Both connections: the Xero organisation and the X3 folder, no secret.
      await views.getByRole('tab', { name: 'Connections' }).click();
      await views.getByRole('cell', { name: org.name, exact: true }).waitFor();
      await views.getByTestId('connection-x3').getByRole('cell', { name: 'Head office X3', exact: true }).waitFor();
      expect(await views.textContent()).not.toContain(folder.connectedApplication.secret);
      await views.getByRole('tab', { name: 'Members' }).click();
      await views.getByRole('cell', { name: 'owner', exact: true }).waitFor();
      await views.getByRole('tab', { name: 'Members' }).press('ArrowRight'); // keyboard: on to the audit log
      await views.getByRole('tab', { name: 'Audit log', selected: true }).waitFor();
      await views.getByTestId('audit-support.access_granted').first().waitFor();
      // Actors by name: the owner who paired the systems, not their user id.
      await views.getByTestId('audit-integration.created').getByText(`User ${ownerName}`).waitFor();
      expect(await page.locator('main').locator('input, select, textarea').count()).toBe(1); // only the search box
      await expectPageClean(page, 'staff console');

      // A reload, and opening the tenant again from the search: the same access, no reason asked.
      await page.reload();
      await views.getByRole('region', { name: /^Integration / }).waitFor();
      expect(await page.getByRole('form', { name: 'Request access' }).count()).toBe(0);
      await page.goto(`${world.api.url}/staff`);
      await page.getByLabel('Tenant name or id').fill(tenantName);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('button', { name: `Open ${tenantName}` }).click();
      await views.getByRole('tab', { name: 'Sync activity' }).click();
      await line.waitFor();
      await views.getByRole('tab', { name: 'Runs' }).click();
      await views.getByTestId('run').filter({ hasText: 'customers' }).first().getByText('Log').click();
      await views.getByTestId('run-log-line').filter({ hasText: 'Account code 999 is not valid' }).waitFor();
      expect(await page.getByRole('form', { name: 'Request access' }).count()).toBe(0);

      // The customer sees who looked and why: one entry for the whole time box.
      await customer.page.goto(`${world.api.url}/settings/audit`);
      await customer.page.getByLabel('Who').selectOption('staff');
      await customer.page.getByRole('button', { name: 'Apply filter' }).click();
      const granted = customer.page.getByTestId('audit-support.access_granted');
      await granted.filter({ hasText: reason }).waitFor();
      expect(await granted.count()).toBe(1); // one grant for the whole time box, however often support looked
      expect(await customer.page.getByTestId('audit-support.read').count()).toBe(0);
      expect(await customer.page.getByTestId('audit-user.signed_in').count()).toBe(0);
      await expectPageClean(customer.page, 'audit (staff filter)');
      expect(customer.errors).toEqual([]);
      expect(support.errors).toEqual([]);
    } finally {
      await customer.context.close();
      await support.context.close();
    }
  });
});
