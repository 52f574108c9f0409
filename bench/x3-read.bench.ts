// Reads sales orders (100 lines each) from a sandbox X3 folder through the connector's streaming
// reader: orders/s and lines/s apart, the CPU seconds the connector spends per 1,000 of each, and
// memory staying flat (peak RSS at 100,000 lines within 20 MB of 10,000 lines). The simulator runs
// in its own process, so every CPU and RSS figure here is the connector's alone: this bench process
// is the process doing the reading. X3_READ_ORDERS (default 1,000) sets the large read's size.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createX3Transport } from '../libs/connectors/sage-x3/src/x3-transport.factory';
import type { X3ConnectionSettings } from '../libs/connectors/sage-x3/src/x3-connection-settings';
import type { BenchMetric } from './bench-types';

const log = (m: string) => process.stderr.write(`x3-read: ${m}\n`);
const MB = 1024 * 1024;
const LINES_PER_ORDER = 100;
const SMALL_ORDERS = 100;
const LARGE_ORDERS = Number(process.env.X3_READ_ORDERS) || 1_000;

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

async function readAll(settings: X3ConnectionSettings): Promise<{
  records: number;
  lines: number;
  ms: number;
  cpuS: number;
  peakRssMb: number;
  heapAfterGcMb: number;
}> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const x3 = createX3Transport(settings);
  // user + system CPU of this process (the connector's) over the read only, GC included
  const cpu0 = process.cpuUsage();
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
  const ms = Date.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  peak = Math.max(peak, process.memoryUsage().rss);
  // Live heap after a full GC (needs --expose-gc, which the bench runner passes): a leak shows here
  // even when RSS only reflects how much headroom V8 kept.
  (globalThis as { gc?: () => void }).gc?.();
  const heapAfterGcMb = Math.round((process.memoryUsage().heapUsed / MB) * 10) / 10;
  return { records, lines, ms, cpuS, peakRssMb: Math.round((peak / MB) * 10) / 10, heapAfterGcMb };
}

const round = (v: number, dp: number) => Math.round(v * 10 ** dp) / 10 ** dp;

export default async function (env: { SANDBOX_DATABASE_URL: string }): Promise<BenchMetric[]> {
  const { url, child } = await startSandbox(env.SANDBOX_DATABASE_URL);
  try {
    const smallLines = SMALL_ORDERS * LINES_PER_ORDER;
    const largeLines = LARGE_ORDERS * LINES_PER_ORDER;
    log(`seeding ${smallLines} and ${largeLines} sales-order lines`);
    const small = await folderWithLines(url, SMALL_ORDERS, LINES_PER_ORDER);
    const large = await folderWithLines(url, LARGE_ORDERS, LINES_PER_ORDER);
    await readAll(small); // warm-up: JIT, sockets, module loading
    const ten = await readAll(small);
    const big = await readAll(large);
    if (ten.records !== SMALL_ORDERS || ten.lines !== smallLines)
      throw new Error(`small read: ${ten.records} orders, ${ten.lines} lines; expected ${SMALL_ORDERS}, ${smallLines}`);
    if (big.records !== LARGE_ORDERS || big.lines !== largeLines)
      throw new Error(`large read: ${big.records} orders, ${big.lines} lines; expected ${LARGE_ORDERS}, ${largeLines}`);
    const growth = round(big.peakRssMb - ten.peakRssMb, 1);
    log(
      `${smallLines} lines: ${ten.ms} ms, ${ten.cpuS} CPU s, peak ${ten.peakRssMb} MB, heap ${ten.heapAfterGcMb} MB; ` +
        `${largeLines} lines: ${big.ms} ms, ${big.cpuS} CPU s, peak ${big.peakRssMb} MB, heap ${big.heapAfterGcMb} MB; growth ${growth} MB`,
    );
    const shape = `${big.records} orders of ${LINES_PER_ORDER} lines`;
    // No issue or DESIGN.md names a read-speed target: speed and CPU are informational; the memory
    // figures keep the streaming reader's flat-memory target.
    return [
      {
        name: 'x3_read_orders_per_s',
        value: Math.round((big.records / big.ms) * 1000),
        unit: `sales orders/s (${shape})`,
        target: 'informational',
      },
      {
        name: 'x3_read_lines_per_s',
        value: Math.round((big.lines / big.ms) * 1000),
        unit: `order lines/s (${shape})`,
        target: 'informational',
      },
      {
        name: 'x3_read_connector_cpu_s_per_1000_orders',
        value: round((big.cpuS / big.records) * 1000, 3),
        unit: 'CPU s (user + system) of the connector process per 1,000 orders read',
        target: 'informational',
      },
      {
        name: 'x3_read_connector_cpu_s_per_1000_lines',
        value: round((big.cpuS / big.lines) * 1000, 4),
        unit: 'CPU s (user + system) of the connector process per 1,000 order lines read',
        target: 'informational',
      },
      {
        name: 'x3_read_connector_peak_rss_mb',
        value: big.peakRssMb,
        unit: `MB, connector process, reading ${largeLines} lines`,
        target: 'informational (its growth over the small read is the checked figure)',
      },
      {
        name: 'x3_read_connector_peak_rss_mb_small',
        value: ten.peakRssMb,
        unit: `MB, connector process, reading ${smallLines} lines`,
        target: 'informational',
      },
      {
        name: 'x3_read_connector_rss_growth_mb',
        value: growth,
        unit: `MB, connector process, ${smallLines} to ${largeLines} lines`,
        target: '<= 20',
        met: growth <= 20,
      },
      {
        name: 'x3_read_connector_heap_after_gc_mb_small',
        value: ten.heapAfterGcMb,
        unit: `MB, connector process, after ${smallLines} lines`,
        target: 'informational',
      },
      {
        name: 'x3_read_connector_heap_after_gc_mb',
        value: big.heapAfterGcMb,
        unit: `MB, connector process, after ${largeLines} lines (compare with the small read's: a leak shows as growth)`,
        target: 'informational',
      },
    ];
  } finally {
    child.kill('SIGTERM');
  }
}
