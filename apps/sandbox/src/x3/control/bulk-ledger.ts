import { BadRequestException, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { PoolClient } from 'pg';
import { SandboxDatabase } from '../../db/sandbox-database';
import { createMasterRecord } from '../domain/master-data';
import { createPurchaseInvoice, validatePurchaseInvoice } from '../domain/purchase-invoices';
import { createPayment } from '../domain/payments';
import { createJournalEntry, validateJournalEntry } from '../domain/journal';
import { currencyDecimals } from '../domain/pricing';
import { X3BusinessError, decimalOf, mustGet, text } from '../domain/store';
import { inChunks, partnersInChunks, reserveNumbers, siteCompany } from './bulk-transactions';

/** The supplier defaults and the regional product of each legislation bulk bills are made for. */
const REGIONS: Record<string, { taxRule: string; product: string }> = {
  NZL: { taxRule: 'NZL', product: 'NZFOOD01' },
  AUS: { taxRule: 'AUS', product: 'AUWINE01' },
  GBR: { taxRule: 'GBR', product: 'GBCHILD01' },
};

const MAX = 20_000;

export interface BulkBillsInput {
  site?: string;
  /** New suppliers made first (each bill is billed by one of them, in turn). */
  suppliers?: number;
  bills?: number;
  /** Existing suppliers instead, when no new ones are made. */
  billBy?: string[];
  /** Defaults to true: a validated supplier invoice is what the bills flow carries. */
  validate?: boolean;
  accountingDate?: string;
}

export interface BulkPaymentLine {
  document: string;
  /** A decimal amount; else `share` (0 < share ≤ 1) of the document's open balance; else all of it. */
  amount?: string;
  share?: string;
}

export interface BulkPaymentsInput {
  site?: string;
  /** Each payment settles documents of one customer or supplier (the first document's). */
  payments?: Array<{
    businessPartnerType?: 'customer' | 'supplier';
    lines?: BulkPaymentLine[];
    accountingDate?: string;
  }>;
}

export interface BulkJournalsInput {
  company?: string;
  site?: string;
  entries?: number;
  /** One debit account and the credit accounts the amount is split over. */
  accounts?: { debit?: string; credit?: string[] };
  accountingDate?: string;
  /** Defaults to true: a final entry is what the journals flow carries. */
  validate?: boolean;
}

const count = (v: unknown, name: string) => {
  const n = v ?? 0;
  if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > MAX)
    throw new BadRequestException(`${name} must be 0..${MAX}`);
  return n as number;
};

/**
 * Bills, payments and journal entries in volume for sync crash tests, made through the same
 * business code as single records (pricing, tax footers, open balances, balanced entries).
 */
@Injectable()
export class BulkLedgerService {
  constructor(private readonly db: SandboxDatabase) {}

  async purchaseInvoices(folder: string, input: BulkBillsInput): Promise<{ suppliers: string[]; bills: string[] }> {
    const suppliers = count(input.suppliers, 'suppliers');
    const bills = count(input.bills, 'bills');
    const billBy = Array.isArray(input.billBy) ? input.billBy.filter((c) => typeof c === 'string') : [];
    if (bills > 0 && suppliers === 0 && billBy.length === 0)
      throw new BadRequestException('bills need new suppliers or billBy');
    const site = text(input.site) || 'NZ011';
    const region = await this.db.transaction((client) => this.regionOf(client, folder, site));
    const codes = await partnersInChunks(this.db, suppliers, (client, n) =>
      this.newSuppliers(client, folder, region, n),
    );
    const partners = codes.length ? codes : billBy;
    const ids = await inChunks(this.db, bills, async (client, n) => {
      const id = await createPurchaseInvoice(client, folder, {
        site,
        billBySupplier: partners[n % partners.length],
        supplierDocumentNumber: `SUP-${folder.slice(-6)}-${n}`,
        accountingDate: input.accountingDate,
        lines: [
          {
            product: region.product,
            quantityInPurchaseUnitInvoiced: String((n % 7) + 1),
            netPrice: new Decimal(n % 97).div(100).plus('12.345').toFixed(),
          },
        ],
      });
      if (input.validate !== false) await validatePurchaseInvoice(client, folder, id);
      return id;
    });
    return { suppliers: codes, bills: ids };
  }

  /** Payments as given; `open` is each settled document's open balance once all are made. */
  async payments(
    folder: string,
    input: BulkPaymentsInput,
  ): Promise<{
    payments: Array<{ id: string; lines: Array<{ document: string; amount: string }> }>;
    open: Record<string, string>;
  }> {
    const specs = Array.isArray(input.payments) ? input.payments : [];
    count(specs.length, 'payments');
    const site = text(input.site) || 'NZ011';
    const made: Array<{ id: string; lines: Array<{ document: string; amount: string }> }> = [];
    const open: Record<string, string> = {};
    await inChunks(this.db, specs.length, async (client, n) => {
      const spec = specs[n];
      const type = spec.businessPartnerType ?? 'customer';
      const entity = type === 'customer' ? 'salesInvoice' : 'purchaseInvoice';
      const lines: Array<{ document: string; amount: string }> = [];
      for (const line of spec.lines ?? []) {
        const doc = await mustGet(client, entity, folder, line.document, `Document ${line.document}`);
        const decimals = await currencyDecimals(client, folder, text(doc.currency));
        const balance = decimalOf(doc.totalAmountIncludingTax).minus(decimalOf(doc.paidAmount));
        const amount = line.amount
          ? new Decimal(line.amount)
          : balance.times(line.share ?? '1').toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
        lines.push({ document: doc._id, amount: amount.toFixed(decimals) });
      }
      if (!lines.length) throw new X3BusinessError(`Payment ${n + 1}: at least one line is mandatory`);
      const first = await mustGet(client, entity, folder, lines[0].document, 'Document');
      const id = await createPayment(client, folder, {
        businessPartnerType: type,
        businessPartner: type === 'customer' ? first.billToCustomer : first.billBySupplier,
        site,
        paymentMethod: 'TRF',
        accountingDate: spec.accountingDate,
        lines,
      });
      made.push({ id, lines });
      for (const l of lines) {
        const doc = await mustGet(client, entity, folder, l.document, 'Document');
        open[l.document] = decimalOf(doc.totalAmountIncludingTax).minus(decimalOf(doc.paidAmount)).toFixed();
      }
      return id;
    });
    return { payments: made, open };
  }

  /** Balanced entries (one debit, the amount split over the credits), final unless told otherwise. */
  async journalEntries(folder: string, input: BulkJournalsInput): Promise<{ entries: string[] }> {
    const entries = count(input.entries, 'entries');
    const debit = text(input.accounts?.debit);
    const credits = (input.accounts?.credit ?? []).map(text).filter(Boolean);
    if (!debit || credits.length === 0) throw new BadRequestException('accounts need a debit and at least one credit');
    const company = text(input.company) || 'NZ10';
    const ids = await inChunks(this.db, entries, async (client, n) => {
      const row = await mustGet(client, 'company', folder, company, 'Company (CPY)');
      const total = new Decimal(n % 113).times('7.13').plus('10.01');
      // every credit but the last takes a fraction of the total; the last takes what is left, so it balances
      const parts = credits.slice(0, -1).map((_, i) => total.times(new Decimal(i + 2).div(10)).toDecimalPlaces(2));
      const last = parts.reduce((left, p) => left.minus(p), total);
      const id = await createJournalEntry(client, folder, {
        entryType: 'ODG',
        company,
        site: text(input.site) || `${company.slice(0, 2)}011`,
        journal: 'OD',
        accountingDate: text(input.accountingDate) || new Date().toISOString().slice(0, 10),
        currency: text(row.accountingCurrency),
        description: `Bulk accrual ${n + 1}`,
        lines: [
          { account: debit, sense: 'debit', amountInCurrency: total.toFixed(2), description: 'Bulk debit' },
          ...[...parts, last].map((amount, i) => ({
            account: credits[i],
            sense: 'credit',
            amountInCurrency: amount.toFixed(2),
            description: `Bulk credit ${i + 1}`,
          })),
        ],
      });
      if (input.validate !== false) await validateJournalEntry(client, folder, id);
      return id;
    });
    return { entries: ids };
  }

  private async regionOf(client: PoolClient, folder: string, site: string) {
    const { company, legislation } = await siteCompany(client, folder, site);
    const region = REGIONS[legislation];
    if (!company || !region) throw new BadRequestException(`site ${site}: no bulk defaults for ${legislation}`);
    return { ...region, currency: text(company.accountingCurrency), prefix: `BS${site.slice(0, 2)}` };
  }

  private async newSuppliers(
    client: PoolClient,
    folder: string,
    region: Awaited<ReturnType<BulkLedgerService['regionOf']>>,
    n: number,
  ): Promise<string[]> {
    const codes: string[] = [];
    for (let k = await reserveNumbers(client, folder, region.prefix, n); codes.length < n; k++) {
      const code = `${region.prefix}${String(k).padStart(6, '0')}`;
      await createMasterRecord(client, folder, 'supplier', {
        code,
        companyName: `Bulk supplier ${k}`,
        currency: region.currency,
        taxRule: region.taxRule,
        paymentTerm: 'CH30NETEOM',
        category: 'STD',
      });
      codes.push(code);
    }
    return codes;
  }
}
