// Set-up steps 5 and 6 and the mapping studio, through real pages with a running worker: a new
// tenant installs the starter flows, sees the first-connection matches and a dry run, goes live
// and sees records move; then, in the studio, drags a source field onto a target, writes a JSONata
// expression (an error underlined, then a live preview on a real X3 record), saves a version,
// compares it and rolls back.
import { Page } from 'playwright-core';
import { SyncWorld } from '../../worker/test/sync-world';
import { control as x3Control, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { connectEverything } from './journeys';
import { closeLiveSpa, LiveSpa, startLiveSpa } from './live-world';
import { expectPageClean, newOrg, signInWithXero, SpaWorld, STEP_TIMEOUT, uniq } from './spa-world';

/** A first drain through a fresh organisation: matching, the starter flows' polls, the batches. */
const RECORDS_MOVE_MS = 180_000;

describe('first flows in the browser: pick, dry run, go live; then the mapping studio', () => {
  let live: LiveSpa | undefined;
  let world: SyncWorld;
  let spa: SpaWorld;
  let folder: TestFolder;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    live = await startLiveSpa();
    ({ world, spa, folder, page, errors } = live);
  });
  afterAll(() => closeLiveSpa(live));

  it('installs the starter flows, shows matches and a dry run, goes live, and records move', async () => {
    const org = await newOrg(spa, `${uniq('first')}@example.test`, `First Flows ${uniq('o')}`);
    await signInWithXero(page, spa, org);
    await page.waitForURL(/\/onboarding$/);
    // the NZ organisation with the folder's NZ company (the one that keeps its books in NZD)
    await connectEverything(page, spa, org, folder, 'NZ10');

    await page.getByRole('button', { name: 'Pick starter flows' }).click();
    const picks = page.getByRole('group', { name: 'Flows to switch on after the dry run' });
    await picks.waitFor({ timeout: STEP_TIMEOUT });
    const boxes = picks.getByRole('checkbox');
    expect(await boxes.count()).toBeGreaterThan(3);
    // go live with the sales side only (a smaller first load): untick the others
    for (const box of await boxes.all()) {
      const name = (await box.evaluate((b) => b.closest('label')?.textContent ?? '')).trim();
      if (!/^(customers|products|invoices|orders) /.test(name)) await box.uncheck();
    }
    await expectPageClean(page, 'onboarding (flows picked)');

    await page.getByRole('button', { name: 'Start a dry run' }).click();
    await page.getByText(/dry run done\.$/).waitFor({ timeout: 2 * STEP_TIMEOUT });
    const customers = page.getByTestId('first-dry-run-customer');
    await customers.waitFor();
    expect(await customers.textContent()).toMatch(/\d+ create · \d+ update/);
    await expectPageClean(page, 'onboarding (dry run)');

    await page.getByRole('button', { name: 'Confirm the matches' }).click();
    const goLive = page.getByRole('button', { name: 'Go live' });
    // Go live opens once the matches are confirmed
    await page.waitForFunction(
      () => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Go live' && !b.disabled),
      null,
      { timeout: STEP_TIMEOUT },
    );
    await goLive.click();
    await page.getByText(/^Live: \d+ flows? switched on\./).waitFor({ timeout: STEP_TIMEOUT });

    // the worker carries the X3 records: the live table's "Moved" counts rise above zero
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="moved"]')].some((e) => Number(e.textContent) > 0),
      null,
      { timeout: RECORDS_MOVE_MS },
    );
    await expectPageClean(page, 'onboarding (live)');
    expect(errors).toEqual([]);
  });

  it('drags a field, writes an expression with its error underlined and a live preview, saves, compares and rolls back', async () => {
    await page.goto(`${spa.api.url}/mappings`);
    await page.getByRole('link', { name: 'customer (X3 → Xero)' }).click();
    await page.getByRole('heading', { level: 1, name: 'customer mapping' }).waitFor();
    await page.getByRole('button', { name: 'Preview on real records' }).click();
    await page.getByTestId('dry-run-counts').waitFor({ timeout: STEP_TIMEOUT });

    // drag the canonical key (X3's BPCNUM) onto the contact's name
    const key = page.locator('[data-source-field="key"]');
    await key.waitFor();
    const sampleKey = (await key.locator('.chip-value').textContent())!;
    // the drag's own events, in order, with one DataTransfer (what a pointer drag dispatches)
    const carried = await page.evaluateHandle(() => new DataTransfer());
    const target = page.locator('[data-target-field="name"]');
    await key.dispatchEvent('dragstart', { dataTransfer: carried });
    await target.dispatchEvent('dragenter', { dataTransfer: carried });
    await target.dispatchEvent('dragover', { dataTransfer: carried });
    await target.dispatchEvent('drop', { dataTransfer: carried });
    await key.dispatchEvent('dragend', { dataTransfer: carried });
    const editor = page.getByTestId('field-editor');
    await editor.waitFor();
    expect(await editor.getByLabel('Source field').inputValue()).toBe('key');
    await page.getByText('Unsaved changes').waitFor();
    // the preview re-runs on the draft: the name target now shows the key
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="field-preview"]')?.textContent === want,
      sampleKey,
      { timeout: STEP_TIMEOUT },
    );

    await editor.getByLabel('Value from').selectOption('expression');
    const expression = editor.getByTestId('expression-input');
    await expression.fill('"Client " & $uppercase(name');
    await page.getByTestId('expression-underline').waitFor({ timeout: STEP_TIMEOUT });
    expect(await page.getByTestId('expression-error').textContent()).toMatch(/at character \d+/);
    expect(await page.getByRole('button', { name: 'Save as a new version' }).isDisabled()).toBe(true);
    await expectPageClean(page, 'mapping studio (expression error)');

    await expression.fill('"Client " & $uppercase(name)');
    await page.getByTestId('expression-underline').waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
    await page.waitForFunction(
      () => /^Client [^a-z]+$/.test(document.querySelector('[data-testid="field-preview"]')?.textContent ?? ''),
      null,
      { timeout: STEP_TIMEOUT },
    );

    await page.getByLabel('Comment for this version').fill('Names in capitals');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText('Saved as version 2.').waitFor({ timeout: STEP_TIMEOUT });
    await page.getByTestId('version-2').getByText('v2 (active)').waitFor();
    await page.getByRole('button', { name: 'Compare v1 with the active version' }).click();
    await page.getByTestId('version-diff').getByText('fields[name]').waitFor();
    await expectPageClean(page, 'mapping studio (history)');

    await page.getByRole('button', { name: 'Roll back to v1' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('Rolled back: version 3 is active.').waitFor({ timeout: STEP_TIMEOUT });
    await page.getByTestId('version-3').getByText('v3 (active)').waitFor();
    await page.getByText('No unsaved changes').waitFor();
    expect(errors).toEqual([]);
  });

  /** Until the first load is through: no change of the tenant pending or claimed (the polls rank below the drains). */
  async function quiet(): Promise<void> {
    const deadline = Date.now() + 2 * RECORDS_MOVE_MS;
    for (;;) {
      const [{ n }] = await world.owner.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM sync_pending_changes WHERE state IN ('pending', 'claimed')`,
      );
      if (n === 0) return;
      if (Date.now() > deadline) throw new Error(`${n} changes still pending:\n${world.worker.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 1000)); // polling PostgreSQL for the condition, not a pause
    }
  }

  /** The invoice's latest change once it leaves pending/claimed (its state and why), or the last seen on time-out. */
  async function settledState(sourceKey: string): Promise<Record<string, unknown> | undefined> {
    const deadline = Date.now() + RECORDS_MOVE_MS;
    let row: Record<string, unknown> | undefined;
    while (Date.now() < deadline) {
      [row] = await world.owner.query<Array<Record<string, unknown>>>(
        `SELECT state, waiting_on, last_error, outcome FROM sync_pending_changes
         WHERE flow_key = 'invoices' AND source_key = $1 ORDER BY created_at DESC LIMIT 1`,
        [sourceKey],
      );
      if (row && row.state !== 'pending' && row.state !== 'claimed') return row;
      await new Promise((r) => setTimeout(r, 500)); // polling PostgreSQL for the condition, not a pause
    }
    if (!row) {
      const state = {
        integrations: await world.owner.query(`SELECT id, pause_reasons FROM integrations`),
        schedules: await world.owner.query(`SELECT flow_key, enqueued_at, poll_failures FROM sync_poll_schedules`),
        cursors: await world.owner.query(`SELECT flow_key, side, polled_at FROM sync_flow_cursors`),
        changes: await world.owner.query(
          `SELECT flow_key, state, count(*)::int AS n FROM sync_pending_changes GROUP BY 1, 2 ORDER BY 1, 2`,
        ),
        now: await world.owner.query(`SELECT now()`),
      };
      throw new Error(
        `no change of ${sourceKey} was accepted: ${JSON.stringify(state, null, 1)}\n${world.worker.output().slice(-3000)}`,
      );
    }
    return row;
  }

  /** Sets every accountCode of the invoice mapping's sales-account lookup, and saves a version. */
  async function salesAccounts(codes: string[], comment: string, saved: RegExp): Promise<void> {
    await page.goto(`${spa.api.url}/mappings`);
    await page.getByRole('link', { name: 'invoice (X3 → Xero)' }).click();
    const table = page.locator('[data-lookup="sales-account"]');
    await table.waitFor({ timeout: STEP_TIMEOUT });
    for (const [i, code] of codes.entries()) await table.getByLabel(`accountCode of entry ${i + 1}`).fill(code);
    await page.getByText('Unsaved changes').waitFor();
    await page.getByLabel('Comment for this version').fill(comment);
    const save = page.getByRole('button', { name: 'Save as a new version' });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('button')].some((b) => b.textContent === 'Save as a new version' && !b.disabled),
      null,
      { timeout: STEP_TIMEOUT },
    );
    await save.click();
    await page.getByText(saved).waitFor({ timeout: STEP_TIMEOUT });
  }

  it('an invoice dead-lettered by a wrong lookup entry is replayed after the lookup is fixed, and moves', async () => {
    await quiet();
    await salesAccounts(['999', '999'], 'Wrong revenue account', /^Saved as version \d+\.$/);
    const made = await x3Control(world.sandbox.url, folder, 'POST', '/sales-invoices', {
      salesSite: 'NZ011',
      billToCustomer: 'NZ001',
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '3' }],
      post: true,
    });
    expect(made.status).toBe(201);
    const invoice = String(made.body.salesInvoice);

    await page.goto(`${spa.api.url}/flows`);
    await page.getByRole('button', { name: 'Run invoices now' }).click();
    // Xero refuses account 999: the invoice's change settles as a dead letter (said plainly if not)
    expect(await settledState(invoice)).toMatchObject({ state: 'dead' });
    const letter = page.getByTestId(`dead-letter-${invoice}`);
    await letter.waitFor({ timeout: STEP_TIMEOUT });
    await page.getByRole('button', { name: `Open ${invoice}` }).click();
    const detail = page.getByTestId('dead-letter-detail');
    await detail.getByText('Source record').waitFor({ timeout: STEP_TIMEOUT });
    expect(await detail.textContent()).toContain(invoice);
    expect(await detail.textContent()).toMatch(/999/);
    await expectPageClean(page, 'flows (a dead letter open)');

    await salesAccounts(['200', '260'], 'Revenue accounts fixed', /^Saved as version \d+\.$/);
    await page.goto(`${spa.api.url}/flows`);
    const moved = async () => Number(await page.getByTestId('flow-invoices').locator('td').nth(3).textContent());
    await letter.waitFor({ timeout: STEP_TIMEOUT });
    const before = await moved();
    await page.getByRole('button', { name: `Replay ${invoice}` }).click();
    await page.getByText('1 put back to be carried again.').waitFor({ timeout: STEP_TIMEOUT });
    await letter.waitFor({ state: 'detached', timeout: RECORDS_MOVE_MS });
    await page.waitForFunction(
      (was) => {
        const row = document.querySelector('[data-testid="flow-invoices"]');
        return Number(row?.querySelectorAll('td')[3]?.textContent) > was;
      },
      before,
      { timeout: RECORDS_MOVE_MS },
    );
    expect(await page.getByTestId(`dead-letter-${invoice}`).count()).toBe(0);
    expect(await moved()).toBeGreaterThan(before);
    expect(errors).toEqual([]);
  });

  it('builds an order flow from the palette with a wait and an approval, approves its run in the SPA, and the run completes', async () => {
    await page.goto(`${spa.api.url}/flows`);
    await page.getByRole('link', { name: 'orders', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Flow orders' }).waitFor({ timeout: STEP_TIMEOUT });
    const canvas = page.getByTestId('flow-canvas');
    await canvas.locator('[data-node-id="trigger"]').waitFor();

    // start from the trigger alone: every step of the linear flow removed through its panel
    for (;;) {
      const ids = await canvas
        .locator('[data-node-id]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).filter((id) => id !== 'trigger'));
      if (!ids.length) break;
      await canvas.locator(`[data-node-id="${ids[0]}"]`).click();
      await page.getByTestId('node-panel').getByRole('button', { name: 'Remove this node' }).click();
    }
    const palette = page.getByRole('list', { name: 'Palette' });
    await palette.getByRole('button', { name: 'Wait for an event' }).click();
    const panel = page.getByTestId('node-panel');
    await panel.getByLabel('Order field on the record').fill('_id');
    await panel.getByLabel('Time out after (seconds)').fill('5');
    await palette.getByRole('button', { name: 'Approval' }).click();
    await palette.getByRole('button', { name: 'Transform' }).click();
    await palette.getByRole('button', { name: 'Action' }).click();
    const connect = page.getByRole('form', { name: 'Connect two steps' });
    for (const [from, to] of [
      ['trigger', 'wait-for-event-1'],
      ['wait-for-event-1', 'approval-1'], // the event
      ['wait-for-event-1', 'approval-1'], // the time-out
      ['approval-1', 'transform-1'],
      ['transform-1', 'action-1'],
    ]) {
      await connect.getByLabel('From').selectOption(from);
      await connect.getByLabel('To').selectOption(to);
      await connect.getByRole('button', { name: 'Connect' }).click();
    }
    await page.getByTestId('flow-issues').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText(/^Saved as version \d+\.$/).waitFor({ timeout: STEP_TIMEOUT });
    if (await page.getByRole('button', { name: 'Switch on' }).count()) {
      await page.getByRole('button', { name: 'Switch on' }).click();
      await page.getByText('The flow is on.').waitFor({ timeout: STEP_TIMEOUT });
    }
    await expectPageClean(page, 'flow designer');

    await quiet();
    // the dry run walks X3's orders through the saved graph: none delivered yet, each would wait for it
    await page.getByTestId('flow-dry-run').click();
    const summary = page.getByTestId('dry-run-summary');
    await summary.or(page.getByText('The dry run failed')).waitFor({ timeout: STEP_TIMEOUT });
    expect(await page.getByRole('alert').allTextContents()).toEqual([]);
    expect(await summary.textContent()).toMatch(/^Dry run of version \d+ with mapping version \d+: \d+ records? read/);
    const waits = page.getByRole('cell', { name: /would wait for x3:delivery-validated:/ });
    expect(await waits.count()).toBeGreaterThan(0);
    expect(await page.getByRole('cell', { name: /would be written/ }).count()).toBe(0);
    await expectPageClean(page, 'flow designer (dry run)');

    const made = await x3Control(world.sandbox.url, folder, 'POST', '/sales-orders', {
      salesSite: 'NZ011',
      soldToCustomer: 'NZ001',
      priceBasis: 'excludingTax',
      orderDate: new Date().toISOString().slice(0, 10),
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitOrdered: '2', grossPrice: '24.90' }],
    });
    expect(made.status).toBe(201);
    const order = String(made.body.salesOrder);
    const designer = page.url();
    await page.goto(`${spa.api.url}/flows`);
    await page.getByRole('button', { name: 'Run orders now' }).click();
    await page.goto(designer);

    // no delivery comes: the wait times out along its edge to the approval, where the run parks
    const run = page.getByTestId(`run-${order}`);
    await run.locator('[data-status="awaiting-approval"]').waitFor({ timeout: RECORDS_MOVE_MS });
    await page.getByRole('button', { name: `Steps of ${order}` }).click();
    await page
      .getByTestId(`run-steps-${order}`)
      .getByText(/wait-for-event-1.*timeout/)
      .waitFor();
    await page.getByLabel('Comment (kept in the audit trail)').fill('Checked with the warehouse');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText(`${order}: approved.`).waitFor({ timeout: STEP_TIMEOUT });
    await run.locator('[data-status="completed"]').waitFor({ timeout: RECORDS_MOVE_MS });
    await expectPageClean(page, 'flow designer (run completed)');
    expect(errors).toEqual([]);
  });
});
