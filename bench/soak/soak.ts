// `npm run soak` (not in CI): 2 api and 3 worker processes on one PostgreSQL and one Redis (embedded,
// as `npm run bench` starts them), the sandboxes on a scaled clock, 100 tenants each paired as a
// user pairs them with the starter flows moving X3 invoices to Xero, for SOAK_MINUTES (30). Then:
// every organisation within Xero's limits across all processes (the sandbox's own call log), no
// RSS growth trend per process, nothing lost or duplicated (the sandboxes' stores compared
// directly). Writes bench/results/soak-latest.{json,md}; exits 1 when a check is missed.
// Settings: bench/soak/soak-config.ts (SOAK_MINUTES, SOAK_TENANTS, SOAK_CLOCK_SCALE …).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runMigrations } from '../../libs/schema/src/migration-runner';
import { startStack } from '../../scripts/devstack/stack';
import { TEST_ENV } from '../../scripts/testing/test-env';
import { agreement, Agreement, mergeAgreements } from './agreement';
import { memoryTrend, MemoryTrend } from './memory-trend';
import { alive, freePorts, registerXeroApp, RssWatch, SoakApp, startApps, startSoakSandbox } from './processes';
import { firstOf, SoakCheck, SoakReport, writeReport } from './report';
import { readCallLog, SandboxStores } from './sandbox-stores';
import { soakConfig } from './soak-config';
import { eachLimited, pairTenant, postInvoices, SoakTenant } from './tenants';
import { OrgLimitFigures, orgLimitFigures } from './xero-limits';

const log = (m: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${m}`);
const TICK_MS = 15_000;
const until = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms))); // the load's pacing, not a wait for a condition

async function main(): Promise<number> {
  const cfg = soakConfig(process.env);
  const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
  log(
    `${cfg.apis} api + ${cfg.workers} workers, ${cfg.tenants} tenants, ${cfg.minutes} min, clock scale ${cfg.clockScale}`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'lb-soak-'));
  const stack = await startStack({
    dataDir,
    persistent: false,
    database: 'ledgerbridge_soak',
    sandboxDatabase: 'ledgerbridge_sandbox_soak',
    env: process.env,
  });
  const stops: Array<() => Promise<unknown>> = [
    () => stack.stop(),
    () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  ];
  const procs: SoakApp[] = [];
  try {
    await runMigrations(stack.urls.DATABASE_OWNER_URL);
    const sandbox = await startSoakSandbox(stack.urls.SANDBOX_DATABASE_URL, cfg.clockScale);
    stops.unshift(() => sandbox.stop());
    const apiPorts = await freePorts(cfg.apis);
    const apiUrls = apiPorts.map((p) => `http://127.0.0.1:${p}`);
    const app = await registerXeroApp(sandbox.url, apiUrls);
    const env = {
      ...TEST_ENV,
      LOG_LEVEL: 'warn',
      ...stack.urls,
      XERO_CLIENT_ID: app.clientId,
      XERO_CLIENT_SECRET: app.clientSecret,
      XERO_WEBHOOK_KEY: app.webhookKey,
      XERO_IDENTITY_URL: `${sandbox.url}/identity`,
      XERO_API_URL: sandbox.url,
      XERO_CLOCK_SCALE: String(cfg.clockScale),
      ALLOW_PRIVATE_TARGETS: 'true',
      SYNC_SWEEP: 'on',
    };
    stops.unshift(async () => Promise.all(procs.map((p) => p.stop())));
    procs.push(...(await startApps('api', apiPorts, (port) => ({ ...env, PUBLIC_URL: `http://127.0.0.1:${port}` }))));
    procs.push(
      ...(await startApps('worker', await freePorts(cfg.workers), () => ({ ...env, PUBLIC_URL: apiUrls[0] }))),
    );
    log(`started ${procs.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}; sandbox ${sandbox.url}`);

    const tenants: SoakTenant[] = [];
    await eachLimited(
      Array.from({ length: cfg.tenants }, (_, i) => i),
      cfg.pairingConcurrency,
      async (i) => {
        tenants.push(await pairTenant(i, sandbox.url, apiUrls[i % apiUrls.length], app));
        if (tenants.length % 10 === 0 || tenants.length === cfg.tenants) log(`paired ${tenants.length}/${cfg.tenants}`);
      },
    );
    tenants.sort((a, b) => a.index - b.index);

    const notes: string[] = [];
    const t0 = Date.now();
    const rss = new RssWatch(procs, t0);
    rss.start(cfg.sampleSeconds * 1000);
    const loadMs = cfg.minutes * 60_000;
    const heavy = eachLimited(tenants.slice(0, cfg.heavyTenants), 1, (t) =>
      postInvoices(sandbox.url, t, cfg.heavyBacklog),
    ).catch((e: Error) => notes.push(`heavy backlog seeding failed: ${e.message}`));
    const steady = new Map<number, number>(); // invoices posted by the steady load per tenant
    const loadFailures: string[] = [];
    while (Date.now() - t0 < loadMs) {
      const dead = procs.filter((p) => !alive(p.pid));
      if (dead.length) {
        notes.push(`died during the run: ${dead.map((p) => `${p.name}\n${p.output().slice(-2000)}`).join('\n')}`);
        break;
      }
      const due = ((Date.now() - t0) / 60_000) * cfg.invoicesPerTenantMinute;
      await eachLimited(tenants, 4, async (t) => {
        const n = Math.floor(due) - (steady.get(t.index) ?? 0);
        if (n <= 0) return;
        // Counted as due either way: a post that failed (the X3 sandbox too slow to answer) is not retried.
        steady.set(t.index, (steady.get(t.index) ?? 0) + n);
        await postInvoices(sandbox.url, t, n).catch((e: Error) => loadFailures.push(`tenant ${t.index}: ${e.message}`));
      });
      log(
        `load ${((Date.now() - t0) / 60_000).toFixed(1)}/${cfg.minutes} min: ${tenants.reduce((a, t) => a + t.posted.invoices.length, 0)} invoices posted; load average ${loadavg()[0].toFixed(1)}`,
      );
      await until(Math.min(TICK_MS, loadMs - (Date.now() - t0)));
    }
    await heavy;
    const loadEnd = Date.now();
    if (loadFailures.length)
      notes.push(
        `${loadFailures.length} X3 posts of the load failed (only what X3 confirmed is checked): ${firstOf(loadFailures, 5).join('; ')}`,
      );

    // The final drain: until both stores agree for every tenant, or the backstop.
    const stores = await SandboxStores.open(stack.urls.SANDBOX_DATABASE_URL);
    stops.unshift(() => stores.close());
    const agreeAll = async () => {
      const inv: Agreement[] = [];
      const cus: Agreement[] = [];
      for (const t of tenants) {
        inv.push(
          agreement(
            await stores.x3Invoices(t.folder.folder, t.posted.invoices),
            await stores.xeroInvoices(t.org.tenantId),
          ),
        );
        cus.push(
          agreement(
            await stores.x3Customers(t.folder.folder, t.posted.customers),
            await stores.xeroContacts(t.org.tenantId),
          ),
        );
      }
      return { invoices: mergeAgreements(inv), customers: mergeAgreements(cus) };
    };
    let agreed = await agreeAll();
    while (!(agreed.invoices.agree && agreed.customers.agree) && Date.now() - loadEnd < cfg.drainMinutes * 60_000) {
      if (procs.some((p) => !alive(p.pid))) break;
      log(
        `drain: invoices ${agreed.invoices.matched}/${agreed.invoices.expected} in Xero, customers ${agreed.customers.matched}/${agreed.customers.expected}`,
      );
      await until(TICK_MS);
      agreed = await agreeAll();
    }
    if (!(agreed.invoices.agree && agreed.customers.agree))
      notes.push(
        `the final drain ended at its ${cfg.drainMinutes}-minute backstop (or a process died) before both stores agreed`,
      );
    const drainEnd = Date.now();
    rss.stop();

    const owner = await new DataSource({ type: 'postgres', url: stack.urls.DATABASE_OWNER_URL }).initialize();
    const [dead] = await owner.query<Array<{ dead: number; open: number }>>(
      `SELECT count(*) FILTER (WHERE state = 'dead')::int AS dead,
              count(*) FILTER (WHERE state IN ('pending', 'claimed', 'waiting'))::int AS open FROM sync_pending_changes`,
    );
    await owner.destroy();
    notes.push(`our own tables at the end (for diagnosis only): ${dead.dead} dead letters, ${dead.open} changes open`);

    const limits: Array<{ org: number; f: OrgLimitFigures }> = [];
    for (const t of tenants) {
      const { calls, dropped } = await readCallLog(sandbox.url, t.org);
      limits.push({ org: t.index, f: orgLimitFigures(calls, app.clientId, dropped) });
    }
    const worst = {
      admitted: Math.max(...limits.map((l) => l.f.admitted)),
      peakPerMinute: Math.max(...limits.map((l) => l.f.peakPerMinute)),
      peakConcurrent: Math.max(...limits.map((l) => l.f.peakConcurrent)),
      peakPerDay: Math.max(...limits.map((l) => l.f.peakPerDay)),
      dropped: limits.reduce((a, l) => a + l.f.dropped, 0),
      refused: limits.reduce<Record<string, number>>((acc, l) => {
        for (const [p, n] of Object.entries(l.f.refused)) acc[p] = (acc[p] ?? 0) + n;
        return acc;
      }, {}),
      within: limits.every((l) => l.f.within),
    };

    const memory: Record<string, MemoryTrend> = {};
    for (const p of procs)
      memory[p.name] = memoryTrend(rss.samples.get(p.name) ?? [], {
        steadyFromMs: (loadEnd - t0) * cfg.warmupFraction,
        steadyToMs: loadEnd - t0,
        maxMbPerHour: cfg.maxRssMbPerHour,
      });

    const posted = tenants.reduce((a, t) => a + t.posted.invoices.length + t.posted.customers.length, 0);
    const alivePids = procs.filter((p) => alive(p.pid)).length;
    const refusals = Object.values(worst.refused).reduce((a, b) => a + b, 0);
    const totalCalls = limits.reduce((a, l) => a + l.f.admitted, 0);
    const checks: SoakCheck[] = [
      check(
        'processes_alive',
        alivePids,
        'processes',
        `= ${procs.length}`,
        alivePids === procs.length,
        procs.map((p) => p.name).join(', '),
      ),
      check(
        'invoices_posted',
        agreed.invoices.expected,
        'X3 invoices',
        '> 0',
        agreed.invoices.expected > 0,
        `${agreed.customers.expected} new customers`,
      ),
      check(
        'xero_orgs_within_limits',
        limits.filter((l) => l.f.within).length,
        'organisations',
        `= ${limits.length}`,
        worst.within,
        `${totalCalls} calls admitted in all`,
      ),
      check(
        'xero_peak_calls_per_minute',
        worst.peakPerMinute,
        'calls (worst org, rolling sandbox minute)',
        '<= 60',
        worst.peakPerMinute <= 60,
        '',
      ),
      check(
        'xero_peak_concurrent_calls',
        worst.peakConcurrent,
        'calls in flight (worst org)',
        '<= 5',
        worst.peakConcurrent <= 5,
        '',
      ),
      check(
        'xero_peak_calls_per_day',
        worst.peakPerDay,
        'calls (worst org, rolling sandbox day)',
        '<= 5000',
        worst.peakPerDay <= 5000,
        '',
      ),
      check(
        'xero_429_refusals',
        refusals,
        'calls refused (all orgs)',
        '= 0',
        refusals === 0,
        JSON.stringify(worst.refused),
      ),
      ...Object.entries(memory).map(([name, m]) =>
        check(
          `rss_slope_${name.replace('-', '_')}_mb_per_hour`,
          m.slopeMbPerHour ?? 'n/a',
          'MB/hour',
          `<= ${cfg.maxRssMbPerHour}`,
          m.met,
          m.reason,
        ),
      ),
      // The agreement starts from what the X3 store holds: it must hold every record X3's control API confirmed.
      check(
        'x3_store_holds_posted',
        agreed.invoices.expected + agreed.customers.expected,
        'records',
        `= ${posted}`,
        agreed.invoices.expected + agreed.customers.expected === posted,
        'invoices and new customers read back from the X3 sandbox database',
      ),
      ...entityChecks('invoices', agreed.invoices),
      ...entityChecks('customers', agreed.customers),
    ];
    const report: SoakReport = {
      startedAt: new Date(t0).toISOString(),
      finishedAt: new Date(drainEnd).toISOString(),
      machine,
      config: cfg,
      loadMinutes: (loadEnd - t0) / 60_000,
      drainMinutes: (drainEnd - loadEnd) / 60_000,
      checks,
      memory,
      xeroLimits: {
        organisations: limits.length,
        worst,
        breaches: limits.filter((l) => !l.f.within).map((l) => ({ org: l.org, breaches: l.f.breaches })),
      },
      agreement: { invoices: trimmed(agreed.invoices), customers: trimmed(agreed.customers) },
      notes,
    };
    const files = writeReport(join(__dirname, '..', 'results'), report);
    for (const c of checks)
      log(`${c.met ? 'met   ' : 'MISSED'} ${c.name} = ${c.value} ${c.unit} (target ${c.target}) ${c.detail}`);
    for (const n of notes) log(`note: ${n}`);
    log(`wrote ${files.json} and ${files.md}`);
    return checks.every((c) => c.met) ? 0 : 1;
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

function check(
  name: string,
  value: number | string,
  unit: string,
  target: string,
  met: boolean,
  detail: string,
): SoakCheck {
  return { name, value, unit, target, met, detail };
}

function entityChecks(entity: string, a: Agreement): SoakCheck[] {
  return [
    check(`${entity}_lost`, a.lost.length, 'records', '= 0', a.lost.length === 0, firstOf(a.lost, 10).join(', ')),
    check(
      `${entity}_duplicated`,
      a.duplicated.length,
      'records',
      '= 0',
      a.duplicated.length === 0,
      JSON.stringify(firstOf(a.duplicated, 10)),
    ),
    check(
      `${entity}_amount_mismatches`,
      a.amountMismatches.length,
      'records',
      '= 0',
      a.amountMismatches.length === 0,
      JSON.stringify(firstOf(a.amountMismatches, 10)),
    ),
  ];
}

function trimmed(a: Agreement): Agreement {
  return {
    ...a,
    lost: firstOf(a.lost, 200),
    duplicated: firstOf(a.duplicated, 200),
    amountMismatches: firstOf(a.amountMismatches, 200),
  };
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[soak] ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
