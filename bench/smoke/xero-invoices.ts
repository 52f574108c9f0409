// Reads invoices from Xero's Accounting API with a plain HTTP client (not our connector's reads),
// by InvoiceNumber, for the live smoke's agreement check.
import type { TargetRecord } from '../soak/agreement';

interface XeroInvoice {
  InvoiceNumber?: string;
  Total?: number | string;
  Type?: string;
  Status?: string;
}

/** Sales invoices of an Invoices response as agreement targets; deleted and voided ones are not there. */
export function invoiceTargets(body: unknown): TargetRecord[] {
  const list = (body as { Invoices?: XeroInvoice[] } | undefined)?.Invoices;
  if (!Array.isArray(list)) throw new Error('Xero answered without an Invoices list');
  return list
    .filter((i) => i.Type === 'ACCREC' && !['DELETED', 'VOIDED'].includes(String(i.Status)))
    .map((i) => ({ key: String(i.InvoiceNumber ?? ''), amount: i.Total === undefined ? undefined : String(i.Total) }));
}

/** GET /Invoices?InvoiceNumbers=… (at most 40 numbers a call, well under Xero's URL limits). */
export async function readXeroInvoices(opts: {
  apiUrl: string;
  accessToken: string;
  xeroTenantId: string;
  numbers: string[];
}): Promise<TargetRecord[]> {
  const out: TargetRecord[] = [];
  for (let i = 0; i < opts.numbers.length; i += 40) {
    const q = new URLSearchParams({ InvoiceNumbers: opts.numbers.slice(i, i + 40).join(',') });
    const res = await fetch(`${opts.apiUrl}/api.xro/2.0/Invoices?${q.toString()}`, {
      headers: {
        authorization: `Bearer ${opts.accessToken}`,
        'xero-tenant-id': opts.xeroTenantId,
        accept: 'application/json',
      },
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status !== 200)
      throw new Error(`Xero answered ${res.status} reading invoices: ${(await res.text()).slice(0, 300)}`);
    out.push(...invoiceTargets(await res.json()));
  }
  return out;
}
