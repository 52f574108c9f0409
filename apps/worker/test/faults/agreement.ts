// The fault suite's own agreement check: reads both sandboxes' stores straight from the sandbox
// database (the X3 folder's tables, the Xero organisation's stored documents) and compares them by
// the records' own keys. It shares no code with libs/reconciliation or the connectors on purpose:
// a blind spot there (a mapping, a filter, a cross-reference) cannot hide a loss or a duplicate here.
import Decimal from 'decimal.js';
import { Client } from 'pg';

export interface AgreementInput {
  /** The sandbox database (SANDBOX_DATABASE_URL): both simulators keep their data there. */
  sandboxDatabaseUrl: string;
  x3Folder: string;
  xeroOrgId: string;
  /** The scenario's source records, by X3 key. */
  customers: string[];
  invoices: string[];
}

export interface Agreement {
  /** X3 invoices with no live Xero invoice of that number. */
  missingInvoices: string[];
  /** X3 invoices with more than one live Xero invoice of that number: [number, count]. */
  duplicatedInvoices: Array<[string, number]>;
  /** Present once but not equal: total, currency or customer differs. */
  differingInvoices: Array<{ number: string; x3: string; xero: string }>;
  missingCustomers: string[];
  duplicatedCustomers: Array<[string, number]>;
  /** How many source records were compared (a check over nothing proves nothing). */
  compared: { invoices: number; customers: number };
}

interface X3Invoice {
  id: string;
  customer: string;
  currency: string;
  total: string;
}
interface XeroInvoice {
  number: string;
  contactNumber: string | null;
  currency: string | null;
  total: string | null;
}

/** Equal amounts as decimals (X3 keeps numeric(28,8), Xero's document a JSON number): never floats. */
function sameAmount(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  return new Decimal(a).eq(new Decimal(b));
}

export async function checkAgreement(input: AgreementInput): Promise<Agreement> {
  const db = new Client({ connectionString: input.sandboxDatabaseUrl });
  await db.connect();
  try {
    const x3Invoices = (
      await db.query<X3Invoice>(
        `SELECT id, bill_to_customer AS customer, currency, total_amount_including_tax::text AS total
         FROM x3_sales_invoice WHERE folder = $1 AND id = ANY($2::text[])`,
        [input.x3Folder, input.invoices],
      )
    ).rows;
    const x3Customers = (
      await db.query<{ id: string }>(
        `SELECT code AS id FROM x3_customer WHERE folder = $1 AND code = ANY($2::text[])`,
        [input.x3Folder, input.customers],
      )
    ).rows;
    // Deleted and voided documents are gone for a user; what counts is what stays live.
    const xeroInvoices = (
      await db.query<XeroInvoice>(
        // The invoice's contact as the organisation stores it (by ContactID), not as the invoice echoes it.
        `SELECT i.doc->>'InvoiceNumber' AS number, c.doc->>'ContactNumber' AS "contactNumber",
                i.doc->>'CurrencyCode' AS currency, i.doc->>'Total' AS total
         FROM xero_entities i
         LEFT JOIN xero_entities c ON c.org_id = i.org_id AND c.kind = 'Contact'
           AND lower(c.doc->>'ContactID') = lower(i.doc->'Contact'->>'ContactID')
         WHERE i.org_id = $1 AND i.kind = 'Invoice'
           AND i.doc->>'Type' = 'ACCREC' AND coalesce(i.doc->>'Status', '') NOT IN ('DELETED', 'VOIDED')
           AND i.doc->>'InvoiceNumber' = ANY($2::text[])`,
        [input.xeroOrgId, input.invoices],
      )
    ).rows;
    const xeroContacts = (
      await db.query<{ number: string }>(
        `SELECT doc->>'ContactNumber' AS number FROM xero_entities
         WHERE org_id = $1 AND kind = 'Contact' AND coalesce(doc->>'ContactStatus', '') <> 'ARCHIVED'
           AND doc->>'ContactNumber' = ANY($2::text[])`,
        [input.xeroOrgId, input.customers],
      )
    ).rows;
    const byNumber = new Map<string, XeroInvoice[]>();
    for (const i of xeroInvoices) byNumber.set(i.number, [...(byNumber.get(i.number) ?? []), i]);
    const contactCounts = new Map<string, number>();
    for (const c of xeroContacts) contactCounts.set(c.number, (contactCounts.get(c.number) ?? 0) + 1);

    const out: Agreement = {
      missingInvoices: [],
      duplicatedInvoices: [],
      differingInvoices: [],
      missingCustomers: [],
      duplicatedCustomers: [],
      compared: { invoices: x3Invoices.length, customers: x3Customers.length },
    };
    // A source record the scenario made but X3 does not hold is a broken scenario, not agreement.
    if (x3Invoices.length !== input.invoices.length || x3Customers.length !== input.customers.length)
      throw new Error(
        `agreement: X3 holds ${x3Invoices.length}/${input.invoices.length} of the scenario's invoices and ` +
          `${x3Customers.length}/${input.customers.length} of its customers`,
      );
    for (const x3 of x3Invoices) {
      const found = byNumber.get(x3.id) ?? [];
      if (found.length === 0) out.missingInvoices.push(x3.id);
      else if (found.length > 1) out.duplicatedInvoices.push([x3.id, found.length]);
      else {
        const xero = found[0];
        const equal =
          sameAmount(x3.total, xero.total) && x3.currency === xero.currency && x3.customer === xero.contactNumber;
        if (!equal)
          out.differingInvoices.push({
            number: x3.id,
            x3: `${x3.total} ${x3.currency} ${x3.customer}`,
            xero: `${xero.total} ${xero.currency} ${xero.contactNumber}`,
          });
      }
    }
    for (const c of x3Customers) {
      const n = contactCounts.get(c.id) ?? 0;
      if (n === 0) out.missingCustomers.push(c.id);
      else if (n > 1) out.duplicatedCustomers.push([c.id, n]);
    }
    return out;
  } finally {
    await db.end();
  }
}

/** Nothing lost, nothing duplicated, nothing different: the one shape a passing scenario ends in. */
export function agreed(compared: Agreement['compared']): Agreement {
  return {
    missingInvoices: [],
    duplicatedInvoices: [],
    differingInvoices: [],
    missingCustomers: [],
    duplicatedCustomers: [],
    compared,
  };
}
