// Reconciliation in real Chromium (issue 14): an owner runs a reconciliation as of a month end on an
// integration whose ledger copies hold seeded differences (a missing invoice, a cent, a document
// Xero has paid at another amount), reads them grouped by class with cause and fix, applies one (its
// X3 record goes back to the sync), sees the api refuse a credit note it cannot apply, dismisses
// one, downloads the CSV and the month-end pack (the PDF's structure read, the CSV parsed), and
// sets a schedule; the anomaly inbox shows a flagged outlier, which the owner marks expected; a
// viewer reads the same run and the inbox and cannot act. No worker runs here: the test does
// the worker's reconcile-run job for the queued run (as reconciliation.e2e-spec.ts does), on a
// Redis database of its own so no other suite's worker takes it. Then reporting access: the owner
// creates a reporting key (after a fresh Sign in with Xero), sees it once, a BI tool's request with
// it reads this organisation's integrations and not another's, and once revoked the key is refused;
// the viewer sees the views but no key controls.
import { unzipSync } from 'fflate';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { reconcileRun } from '#lb/reconciliation';
import { eventually, launchBrowser, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { foreignIntegration } from './foreign-tenant';
import { csvRows, downloadBy } from './downloads';
import { connectEverything } from './journeys';
import { pdfStructure } from './pdf-structure';
import { ledgerJourney } from './recon-ledger-steps';
import { seedInvoiceCopy } from '../../../libs/reconciliation/src/runs/testing/seed-copies';
import {
  expectPageClean,
  invitationToken,
  NamedOrg,
  newOrg,
  openPage,
  passXero,
  signInWithXero,
  SpaWorld,
  startSpaWorld,
  STEP_TIMEOUT,
  uniq,
} from './spa-world';

jest.setTimeout(420_000);

describe('SPA: reconciliation', () => {
  let world: SpaWorld;
  let browser: Browser;
  let owner: DataSource;
  let runtime: DataSource;
  let folder: TestFolder;
  let tenantId: string;
  let integrationId: string;
  let ownerPage: Page;
  let ownerErrors: string[];
  let closeOwner: () => Promise<void>;
  let runPath: string;
  let ownerOrg: NamedOrg;

  const seedCopy = (side: 'x3' | 'xero', number: string, over: { total?: string; status?: string } = {}) =>
    seedInvoiceCopy(owner, { tenantId, integrationId }, side, number, over);

  beforeAll(async () => {
    const redisUrl = await isolatedRedisUrl();
    world = await startSpaWorld({ env: () => Promise.resolve({ REDIS_URL: redisUrl }) });
    browser = await launchBrowser();
    owner = await ownerDataSource();
    runtime = await runtimeDataSource();
    folder = await provisionFolder(world.sandbox.url);
    const opened = await openPage(browser);
    ownerPage = opened.page;
    ownerErrors = opened.errors;
    closeOwner = () => opened.context.close();
  });
  afterAll(async () => {
    await closeOwner?.();
    await runtime?.destroy();
    await owner?.destroy();
    await browser?.close();
    await world?.close();
  });

  it('runs a reconciliation, applies a fix, is refused a credit note, downloads the CSV and the month-end pack', async () => {
    const page = ownerPage;
    const org = await newOrg(world, `${uniq('recon')}@example.test`, `Rimu Ledgers ${uniq('r')}`);
    ownerOrg = org;
    await signInWithXero(page, world, org);
    await page.waitForURL(/\/onboarding$/);
    await connectEverything(page, world, org, folder, 'NZ10');
    // the starter flows: an invoice flow from X3 to Xero is what a re-send goes through
    await page.getByRole('button', { name: 'Pick starter flows' }).click();
    await page.getByRole('group', { name: 'Flows to switch on after the dry run' }).waitFor();
    tenantId = ((await (await page.request.get(`${world.api.url}/api/tenant`)).json()) as { id: string }).id;
    integrationId = (
      (await (await page.request.get(`${world.api.url}/api/integrations`)).json()) as Array<{
        id: string;
      }>
    )[0].id;
    await seedCopy('x3', 'INV-CLEAN');
    await seedCopy('xero', 'INV-CLEAN');
    await seedCopy('x3', 'INV-MISSING');
    await seedCopy('x3', 'INV-CENT');
    await seedCopy('xero', 'INV-CENT', { total: '100.01' });
    await seedCopy('x3', 'INV-XPAID', { status: 'paid', total: '120.00' });
    await seedCopy('xero', 'INV-XPAID', { status: 'paid' });

    // No run yet: the page says what to do.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reconciliation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reconciliation' }).waitFor();
    await page.getByText('No reconciliations yet: run one above').waitFor();
    await page.getByTestId('recon-schedule').getByText('No schedule').waitFor();
    await expectPageClean(page, 'reconciliation: no runs yet');

    // Run one as of the month end; the worker's job is done here, and the page follows it to done.
    await page.getByLabel('As of').fill('2026-11-30');
    await page.getByRole('button', { name: 'Run reconciliation' }).click();
    await page.getByText('Reconciliation as of 2026-11-30 queued').waitFor();
    const [{ id: runId }] = await eventually(
      'the queued run',
      async () => {
        const rows: Array<{ id: string }> = await owner.query(
          `SELECT id FROM recon_runs WHERE integration_id = $1 AND state = 'queued'`,
          [integrationId],
        );
        return rows.length ? rows : undefined;
      },
      STEP_TIMEOUT,
    );
    await page.getByTestId(`recon-run-${runId}`).getByText('queued').waitFor();
    await reconcileRun({ tx: new TenantTransactions(runtime) }, tenantId, runId);
    const row = page.getByTestId(`recon-run-${runId}`);
    await row.getByText('done').waitFor();
    expect(await row.innerText()).toContain('1 missing in Xero · 1 amount differs · 1 rounding (up to 0.01)');
    await row.getByRole('link', { name: 'Reconciliation as of 2026-11-30, done' }).click();
    runPath = new URL(page.url()).pathname;
    expect(runPath).toBe(`/integrations/${integrationId}/reconciliation/runs/${runId}`);

    // The differences grouped by class, each with its cause and its fix.
    await page.getByRole('heading', { level: 2, name: 'Missing in Xero (1)' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Amount differs (1)' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Rounding (up to 0.01) (1)' }).waitFor();
    expect(await page.getByTestId('recon-run-differences').innerText()).toBe('3');
    const missing = page.getByTestId('difference-INV-MISSING');
    await missing.getByText('Send the Sage X3 record to Xero again').waitFor();
    const paid = page.getByTestId('difference-INV-XPAID');
    await paid.getByText('Raise a credit note (20)').waitFor();
    await paid.getByText('An accountant makes this one; the sync does not.').waitFor();
    await expectPageClean(page, 'reconciliation: a run with differences');

    // A paid Xero document: the credit note is refused with the api's reason, and stays open.
    await page.getByRole('button', { name: 'Approve and apply INV-XPAID' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply the fix to INV-XPAID?' });
    await dialog.getByRole('button', { name: 'Apply the fix' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'INV-XPAID: not applied' });
    await refusal.getByText('this fix is made by an accountant, not by the sync').waitFor();
    expect(await paid.locator('[data-status]').innerText()).toBe('open');

    // The missing invoice: approved, applied through the sync (its X3 record is pending again).
    await page.getByRole('button', { name: 'Approve and apply INV-MISSING' }).click();
    await page
      .getByRole('dialog', { name: 'Apply the fix to INV-MISSING?' })
      .getByRole('button', { name: 'Apply the fix' })
      .click();
    await missing.locator('[data-status]', { hasText: 'applied' }).waitFor();
    expect(await missing.getByRole('button').count()).toBe(0);
    const pending = await owner.query(
      `SELECT state FROM sync_pending_changes WHERE integration_id = $1 AND source_key = 'INV-MISSING'`,
      [integrationId],
    );
    expect(pending).toEqual([{ state: 'pending' }]);

    // The cent: dismissed.
    await page.getByRole('button', { name: 'Dismiss INV-CENT' }).click();
    await page.getByTestId('difference-INV-CENT').locator('[data-status]', { hasText: 'dismissed' }).waitFor();

    // The run's CSV: every difference with its decision.
    const csv = await downloadBy(page, 'Download CSV');
    expect(csv.name).toMatch(/^reconciliation-2026-11-30-[0-9a-f]{8}\.csv$/);
    expect(
      csvRows(csv.bytes)
        .map((r) => [r.match_key, r.class, r.state])
        .sort(),
    ).toEqual([
      ['INV-CENT', 'rounding', 'dismissed'],
      ['INV-MISSING', 'missingInXero', 'applied'],
      ['INV-XPAID', 'amount', 'open'],
    ]);

    // The month-end pack: a month with no run says what to do; November's opens.
    await page.goto(`${world.api.url}/reconciliation`);
    await page.getByLabel('Month', { exact: true }).fill('2026-10');
    await page.getByRole('button', { name: 'Download month-end pack' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'No month-end pack' })
      .getByText('no finished reconciliation as of 2026-10-31: run one')
      .waitFor();
    await page.getByLabel('Month', { exact: true }).fill('2026-11');
    const pack = await downloadBy(page, 'Download month-end pack');
    expect(pack.name).toBe('month-end-2026-11.zip');
    const files = unzipSync(new Uint8Array(pack.bytes));
    expect(Object.keys(files).sort()).toEqual(['differences.csv', 'report.pdf', 'summary.txt']);
    const pdf = pdfStructure(files['report.pdf']);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.objects).toBeGreaterThan(3);
    const packRows = csvRows(files['differences.csv']);
    expect(packRows.map((r) => r.match_key).sort()).toEqual(['INV-CENT', 'INV-MISSING', 'INV-XPAID']);
    expect(packRows.find((r) => r.match_key === 'INV-CENT')).toMatchObject({
      x3_total: '100.00',
      xero_total: '100.01',
    });
    expect(Buffer.from(files['summary.txt']).toString('utf8')).toContain(`Run: ${runId}`);

    // A schedule: monthly, at 02:00 UTC.
    await page.getByLabel('How often').selectOption('monthly');
    await page.getByLabel('At', { exact: true }).selectOption('2');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Schedule saved.').waitFor();
    await page
      .getByTestId('recon-schedule')
      .getByText('Monthly on the 1st, as of the month end, at 02:00 UTC')
      .waitFor();
    await expectPageClean(page, 'reconciliation: runs, pack and schedule');

    // The general ledger: the settings set in the SPA, a run that compared it read (recon-ledger-steps.ts).
    await ledgerJourney(page, { owner, runtime }, { tenantId, integrationId });
    await page.goto(`${world.api.url}/reconciliation`);

    // The anomaly inbox: a flagged outlier explains itself; marked expected, it is settled.
    await owner.query(
      `INSERT INTO sync_anomaly_findings (tenant_id, integration_id, flow_key, entity, subject, kind, status, explanation, detail)
       VALUES ($1, $2, 'invoices', 'invoice', 'INV-BIG', 'outlier', 'open', $3, $4)`,
      [
        tenantId,
        integrationId,
        "9,800.00 is far above customer C001's usual 80.00 to 400.00",
        JSON.stringify({ partyKey: 'C001', amount: '9800.00', low: '80.00', high: '400.00' }),
      ],
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Anomalies' }).click();
    const finding = page.getByTestId('finding-outlier-INV-BIG');
    await finding.getByText("far above customer C001's usual").waitFor();
    await finding.getByText('written, flagged').waitFor();
    await expectPageClean(page, 'anomalies: a flagged outlier');
    await page.getByRole('button', { name: 'Mark INV-BIG expected' }).click();
    await finding.locator('[data-status]', { hasText: 'expected' }).waitFor();
    expect(await finding.getByRole('button').count()).toBe(0);
    expect(ownerErrors).toEqual([]);
  });

  it('shows a viewer the run, its differences and downloads, without a way to decide a fix', async () => {
    expect(runPath).toBeDefined();
    const viewer = await newOrg(world, `${uniq('viewer')}@example.test`);
    const { csrfToken } = (await (await ownerPage.request.get(`${world.api.url}/api/auth/session`)).json()) as {
      csrfToken: string;
    };
    const invited = await ownerPage.request.post(`${world.api.url}/api/tenant/invitations`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { email: viewer.userEmail, role: 'viewer' },
    });
    expect(invited.status()).toBe(201);
    const token = await invitationToken(owner, viewer.userEmail);
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(`${world.api.url}/invitations/accept#token=${token}`);
      await page.waitForURL((u) => u.pathname.includes('/identity/'));
      expect((await passXero(page, world, viewer)).pathname).toBe('/');
      await page.locator('.role-tag', { hasText: 'Viewer' }).waitFor();

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reconciliation' }).click();
      await page.getByTestId('read-only-note').getByText('only owners and admins run reconciliations').waitFor();
      await page.getByRole('link', { name: 'Reconciliation as of 2026-11-30, done' }).waitFor();
      expect(await page.getByRole('button', { name: 'Run reconciliation' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Save schedule' }).count()).toBe(0);
      await page.getByTestId('recon-schedule').getByText('Monthly on the 1st').waitFor();
      await page.getByTestId('recon-ledger-settings').getByText('2026-07-01').waitFor();
      expect(await page.getByRole('button', { name: 'Save ledger settings' }).count()).toBe(0);
      // reporting: the views are there to read; key management is not offered (nor asked for: no 403 logged)
      const reporting = page.getByRole('region', { name: 'Reporting access (BI tools)' });
      await reporting.getByTestId('read-only-note').getByText('Only owners and admins create and revoke').waitFor();
      await reporting.getByTestId('reporting-view-sync_runs').waitFor();
      expect(await reporting.getByRole('button').count()).toBe(0);
      expect(await reporting.getByLabel('What the key is for').count()).toBe(0);
      await expectPageClean(page, 'reconciliation: viewer');

      await page.getByRole('link', { name: 'Reconciliation as of 2026-11-30, done' }).click();
      const paid = page.getByTestId('difference-INV-XPAID');
      await paid.getByText('Raise a credit note (20)').waitFor();
      await page.getByTestId('read-only-note').getByText('only owners and admins approve or dismiss fixes').waitFor();
      expect(await page.getByRole('button', { name: /^(Approve and apply|Dismiss) / }).count()).toBe(0);
      const csv = await downloadBy(page, 'Download CSV');
      expect(csvRows(csv.bytes)).toHaveLength(3);
      await expectPageClean(page, 'reconciliation run: viewer');

      await page.goto(`${world.api.url}/anomalies`);
      await page.getByTestId('finding-outlier-INV-BIG').getByText('expected').waitFor();
      expect(await page.locator('main').getByRole('button').count()).toBe(0);
      await page.getByTestId('read-only-note').waitFor();
      await page.goBack();

      // The api agrees: a viewer's approval is refused and the difference stays open.
      const { csrfToken: viewerCsrf } = (await (
        await page.request.get(`${world.api.url}/api/auth/session`)
      ).json()) as { csrfToken: string };
      const [{ id }] = await owner.query(
        `SELECT d.id FROM recon_differences d WHERE d.tenant_id = $1 AND d.match_key = 'INV-XPAID'`,
        [tenantId],
      );
      const refused = await page.request.post(`${world.api.url}/api${runPath}/differences/${id}/approve`, {
        headers: { 'x-csrf-token': viewerCsrf },
      });
      expect(refused.status()).toBe(403);
      expect(await paid.locator('[data-status]').innerText()).toBe('open');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reporting: the owner creates a key (after a fresh sign-in), sees it once, reads only its tenant with it, revokes it', async () => {
    expect(ownerOrg).toBeDefined();
    const page = ownerPage;
    const theirIntegration = await foreignIntegration(owner, tenantId, integrationId);
    const bi = (key: string) =>
      fetch(`${world.api.url}/api/reporting/v1/views/integrations`, {
        headers: { authorization: `Bearer ${key}` },
        signal: AbortSignal.timeout(STEP_TIMEOUT),
      });

    await page.goto(`${world.api.url}/reconciliation`);
    const reporting = page.getByRole('region', { name: 'Reporting access (BI tools)' });
    await reporting.getByTestId('reporting-view-integrations').locator('summary').click();
    await reporting.getByTestId('reporting-view-integrations').getByText('pause_reasons').waitFor();
    await reporting.getByText('No reporting keys yet').waitFor();
    await expectPageClean(page, 'reporting: no keys yet');

    // A key is a credential: with the last sign-in made old, the SPA asks for a fresh one, goes
    // through Xero and creates the key on the way back.
    const { user } = (await (await page.request.get(`${world.api.url}/api/auth/session`)).json()) as {
      user: { id: string };
    };
    await owner.query(
      `UPDATE sessions SET data = jsonb_set(data, '{reauthAt}', '0') WHERE data->'member'->>'userId' = $1`,
      [user.id],
    );
    await reporting.getByLabel('What the key is for').fill('Power BI finance');
    await reporting.getByRole('button', { name: 'Create reporting key' }).click();
    const why = page.getByRole('dialog', { name: 'Confirm it is you with Xero' });
    await why.getByText('To create a reporting key').waitFor();
    await why.getByRole('button', { name: 'Continue to Xero' }).click();
    await page.waitForURL((u) => u.pathname.includes('/identity/'));
    expect((await passXero(page, world, ownerOrg)).pathname).toBe('/reconciliation');

    // Shown once, with the address to use it at.
    const created = reporting.getByTestId('reporting-key-created');
    const key = await created.getByLabel('Reporting key', { exact: true }).inputValue();
    expect(key).toMatch(/^lbr_[A-Za-z0-9_-]{43}$/);
    expect(await created.innerText()).toContain(`${world.api.url}/api/reporting/v1/views/integrations?format=csv`);
    await expectPageClean(page, 'reporting: a key shown once');
    await reporting.getByRole('button', { name: 'I have stored it: hide the key' }).click();
    await created.waitFor({ state: 'detached' });
    const row = reporting.getByTestId(`reporting-key-${key.slice(0, 10)}`);
    await row.getByText('Power BI finance').waitFor();
    await row.locator('[data-status="active"]').waitFor();
    expect(await row.innerText()).not.toContain(key);

    // A BI tool with the key: this organisation's integrations, not the other's.
    const read = await bi(key);
    expect(read.status).toBe(200);
    const body = (await read.json()) as { view: string; rows: Array<{ id: string }>; nextCursor: string | null };
    const mine = await owner.query<Array<{ id: string }>>(
      `SELECT id FROM integrations WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
    expect(body.rows.map((r) => r.id)).toEqual(mine.map((r) => r.id));
    expect(body.rows.map((r) => r.id)).toContain(integrationId);
    expect(body.rows.map((r) => r.id)).not.toContain(theirIntegration);
    expect(body.nextCursor).toBeNull();

    // Revoked after a confirmation: the key is refused from then on.
    await reporting.getByRole('button', { name: 'Revoke the reporting key Power BI finance' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke the reporting key Power BI finance?' })
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await reporting.getByText('Reporting key "Power BI finance" revoked').waitFor();
    await row.locator('[data-status="revoked"]').waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await row.innerText()).not.toContain('never'); // its use above was stamped
    expect((await bi(key)).status).toBe(401);
    await expectPageClean(page, 'reporting: a revoked key');
    expect(ownerErrors).toEqual([]);
  });
});
