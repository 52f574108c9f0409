// Reads 100,000 sales-order lines from a sandbox X3 folder through the connector's streaming
// reader and checks memory stays flat: peak RSS at 100,000 lines within 20 MB of 10,000 lines.
// The simulator runs in its own process so the RSS figures are the connector's.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createX3Transport } from '../libs/connectors/sage-x3/src/x3-transport.factory';
import type { X3ConnectionSettings } from '../libs/connectors/sage-x3/src/x3-connection-settings';

const log = (m: string) => process.stderr.write(`x3-read: ${m}\n`);
const MB = 1024 * 1024;

function startSandbox(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=lb-source',
      '-r',
      '@swc-node/register',
      join(__dirname, '..', 'apps/sandbox/src/x3/testing/x3-only-main.ts'),
    ],
    {
      env: {
        ...process.env,
        SANDBOX_DATABASE_URL: databaseUrl,
        SANDBOX_PORT: '0',
        SANDBOX_HOST: '127.0.0.1',
        SWC_NODE_PROJECT: 'tsconfig.json',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('X3 sandbox did not start within 60 s')), 60_000);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    });
    child.on('exit', (code) => reject(new Error(`X3 sandbox exited with ${code}`)));
  });
}

/** What the sandbox answers when it provisions a folder (the fields this bench uses). */
interface ProvisionedFolder {
  folder: string;
  controlToken: string;
  connectedApplication: { clientId: string; secret: string; user: string };
}

async function call<T>(url: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(300_000),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function folderWithLines(url: string, orders: number, linesPerOrder: number): Promise<X3ConnectionSettings> {
  const folder = await call<ProvisionedFolder>(url, 'POST', '/x3-control/folders');
  await call<unknown>(url, 'POST', `/x3-control/folders/${folder.folder}/bulk/sales-orders`, folder.controlToken, {
    orders,
    linesPerOrder,
  });
  const app = folder.connectedApplication;
  return {
    baseUrl: url,
    endpoint: folder.folder,
    companies: ['FR10'],
    allowPrivateTargets: true,
    requestTimeoutMs: 120_000,
    auth: { kind: 'jwt', clientId: app.clientId, secret: app.secret, user: app.user },
  };
}

async function readAll(
  settings: X3ConnectionSettings,
): Promise<{ records: number; lines: number; ms: number; peakRssMb: number; heapAfterGcMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const x3 = createX3Transport(settings);
  const started = Date.now();
  let records = 0;
  let lines = 0;
  try {
    for await (const order of x3.list('salesOrder', { filter: "{customerOrderReference:'BULK'}" })) {
      records++;
      lines += order.lines!.length;
    }
  } finally {
    clearInterval(sampler);
    x3.close();
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const ms = Date.now() - started;
  // Live heap after a full GC (needs --expose-gc, which the bench runner passes): a leak shows here
  // even when RSS only reflects how much headroom V8 kept.
  (globalThis as { gc?: () => void }).gc?.();
  const heapAfterGcMb = Math.round((process.memoryUsage().heapUsed / MB) * 10) / 10;
  return { records, lines, ms, peakRssMb: Math.round((peak / MB) * 10) / 10, heapAfterGcMb };
}

export default async function (env: {
  SANDBOX_DATABASE_URL: string;
}): Promise<Array<{ name: string; value: number; unit: string; target?: string }>> {
  const { url, child } = await startSandbox(env.SANDBOX_DATABASE_URL);
  try {
    log('seeding 10,000 and 100,000 sales-order lines');
    const small = await folderWithLines(url, 100, 100);
    const large = await folderWithLines(url, 1000, 100);
    await readAll(small); // warm-up: JIT, sockets, module loading
    const ten = await readAll(small);
    const hundred = await readAll(large);
    if (ten.lines !== 10_000 || hundred.lines !== 100_000)
      throw new Error(`read ${ten.lines} and ${hundred.lines} lines, expected 10,000 and 100,000`);
    const growth = Math.round((hundred.peakRssMb - ten.peakRssMb) * 10) / 10;
    log(
      `10k: ${ten.ms} ms, peak ${ten.peakRssMb} MB, heap ${ten.heapAfterGcMb} MB; 100k: ${hundred.ms} ms, peak ${hundred.peakRssMb} MB, heap ${hundred.heapAfterGcMb} MB; growth ${growth} MB`,
    );
    return [
      // a record is a sales order as the connector yields it, lines included (1,000 orders of 100 lines)
      {
        name: 'x3_read_records_per_s',
        value: Math.round((hundred.records / hundred.ms) * 1000),
        unit: `sales orders/s (${hundred.records} orders of ${hundred.lines / hundred.records} lines)`,
      },
      { name: 'x3_read_lines_per_s', value: Math.round((hundred.lines / hundred.ms) * 1000), unit: 'order lines/s' },
      {
        name: 'x3_read_peak_rss_mb',
        value: hundred.peakRssMb,
        unit: 'MB',
        target: `<= ${ten.peakRssMb + 20} (10k peak + 20)`,
      },
      { name: 'x3_read_peak_rss_mb_10k', value: ten.peakRssMb, unit: 'MB' },
      { name: 'x3_read_rss_growth_10k_to_100k_mb', value: growth, unit: 'MB', target: '<= 20' },
      { name: 'x3_read_heap_after_gc_mb_10k', value: ten.heapAfterGcMb, unit: 'MB' },
      {
        name: 'x3_read_heap_after_gc_mb',
        value: hundred.heapAfterGcMb,
        unit: 'MB',
        target: `~ ${ten.heapAfterGcMb} (flat)`,
      },
    ];
  } finally {
    child.kill('SIGTERM');
  }
}
