// What Xero holds for a sync proof world's tenant, read through the reader app (not the code under
// test): every page of a list endpoint, and counts by our own keys. SyncWorld delegates to these.
import type { SyncTenant } from './sync-world';

type Row = Record<string, unknown>;

/** Every record of a list endpoint, pages of 1000 (the reader app retries its own 429s). */
export async function list(t: SyncTenant, resource: string, clockScale: number): Promise<Row[]> {
  const out: Row[] = [];
  for (let page = 1; ; page++) {
    const q = new URLSearchParams({ page: String(page), pageSize: '1000' });
    let res = await t.xeroRead('GET', `/${resource}?${q.toString()}`);
    for (let tries = 0; res.status === 429 && tries < 30; tries++) {
      const wait = Number(res.headers.get('retry-after') ?? 1) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(100, wait / clockScale))); // Xero asked for it
      res = await t.xeroRead('GET', `/${resource}?${q.toString()}`);
    }
    if (res.status !== 200) throw new Error(`sync world: reading ${resource} answered ${res.status} ${res.text}`);
    const records = (res.body as Record<string, Row[]>)[resource] ?? [];
    out.push(...records);
    if (records.length < 1000) return out;
  }
}

function countBy(rows: Row[], field: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const n = typeof r[field] === 'string' ? r[field] : '';
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return counts;
}

/** ACCREC invoices per InvoiceNumber (our X3 key), deleted and voided ones left out. */
export async function invoicesByNumber(t: SyncTenant, clockScale: number): Promise<Map<string, number>> {
  const live = (await list(t, 'Invoices', clockScale)).filter(
    (i) => i.Type === 'ACCREC' && !['DELETED', 'VOIDED'].includes(String(i.Status)),
  );
  return countBy(live, 'InvoiceNumber');
}

/** Contacts per ContactNumber (the X3 business-partner code), archived ones left out. */
export async function contactsByNumber(t: SyncTenant, clockScale: number): Promise<Map<string, number>> {
  const live = (await list(t, 'Contacts', clockScale)).filter((c) => c.ContactStatus !== 'ARCHIVED');
  return countBy(live, 'ContactNumber');
}
