import { BadRequestException, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { SandboxDatabase } from '../../db/sandbox-database';
import { createMasterRecord } from '../domain/master-data';
import { createSalesInvoice } from '../domain/invoices';
import { postSalesInvoice } from '../domain/invoice-posting';
import { text } from '../domain/store';
import { inChunks, partnersInChunks, reserveNumbers, siteCompany } from './bulk-transactions';

/** The customer defaults of each legislation's seeded customers (tax rule, category, price basis). */
const REGION_DEFAULTS: Record<string, { taxRule: string; category: string; priceBasis: string }> = {
  NZL: { taxRule: 'NZL', category: 'NZL', priceBasis: 'includingTax' },
  AUS: { taxRule: 'AUS', category: 'AUS', priceBasis: 'includingTax' },
  GBR: { taxRule: 'GBR', category: 'GBR', priceBasis: 'excludingTax' },
  USA: { taxRule: 'NT', category: 'US', priceBasis: 'excludingTax' },
  FRA: { taxRule: 'FRA', category: 'FRA', priceBasis: 'excludingTax' },
};

export interface BulkInvoicesInput {
  site?: string;
  /** New customers made first (each invoice bills one of them, in turn). */
  customers?: number;
  invoices?: number;
  /** Defaults to true: a posted invoice is what the x3-to-xero invoices flow carries. */
  post?: boolean;
  product?: string;
  /** YYYY-MM-DD; today when absent. */
  accountingDate?: string;
  /** Existing customers to bill instead, when no new ones are made (seeding in several calls). */
  billTo?: string[];
}

/**
 * Volume for sync tests and benchmarks made through the same business code as single records
 * (master-data rules, pricing, tax footers, posting), so every record is one X3 itself could hold.
 */
@Injectable()
export class BulkDocumentsService {
  constructor(private readonly db: SandboxDatabase) {}

  async salesInvoices(folder: string, input: BulkInvoicesInput): Promise<{ customers: string[]; invoices: string[] }> {
    const customers = input.customers ?? 0;
    const invoices = input.invoices ?? 0;
    if (!Number.isInteger(customers) || customers < 0 || customers > 50_000)
      throw new BadRequestException('customers must be 0..50000');
    if (!Number.isInteger(invoices) || invoices < 0 || invoices > 50_000)
      throw new BadRequestException('invoices must be 0..50000');
    const billTo = Array.isArray(input.billTo) ? input.billTo.filter((c) => typeof c === 'string') : [];
    if (invoices > 0 && customers === 0 && billTo.length === 0)
      throw new BadRequestException('invoices need new customers or billTo');
    const site = text(input.site) || 'NZ011';
    const region = await this.db.transaction((client) => this.regionOf(client, folder, site, input.product));
    const codes = await partnersInChunks(this.db, customers, (client, count) =>
      this.newCustomers(client, folder, region, count),
    );
    const ids = await inChunks(this.db, invoices, async (client, n) => {
      const id = await createSalesInvoice(client, folder, {
        salesSite: site,
        billToCustomer: (codes.length ? codes : billTo)[n % (codes.length || billTo.length)],
        priceBasis: region.priceBasis,
        accountingDate: input.accountingDate,
        lines: [{ product: region.product, quantityInSalesUnitInvoiced: String((n % 9) + 1) }],
      });
      if (input.post !== false) await postSalesInvoice(client, folder, id);
      return id;
    });
    return { customers: codes, invoices: ids };
  }

  private async regionOf(client: PoolClient, folder: string, site: string, product: string | undefined) {
    const { siteRow, company, legislation } = await siteCompany(client, folder, site);
    const defaults = REGION_DEFAULTS[legislation];
    if (!company || !defaults) throw new BadRequestException(`site ${site}: no bulk defaults for ${legislation}`);
    const regional = { NZL: 'NZFOOD01', AUS: 'AUWINE01', GBR: 'GBCHILD01' }[legislation] ?? 'FIN001';
    return {
      ...defaults,
      country: text(siteRow.country) || legislation.slice(0, 2),
      currency: text(company.accountingCurrency),
      prefix: `BK${site.slice(0, 2)}`,
      product: text(product) || regional,
    };
  }

  private async newCustomers(
    client: PoolClient,
    folder: string,
    region: Awaited<ReturnType<BulkDocumentsService['regionOf']>>,
    count: number,
  ): Promise<string[]> {
    const codes: string[] = [];
    for (let n = await reserveNumbers(client, folder, region.prefix, count); codes.length < count; n++) {
      const code = `${region.prefix}${String(n).padStart(6, '0')}`;
      const companyName = `Bulk ${region.country} customer ${n}`;
      await createMasterRecord(client, folder, 'customer', {
        code,
        companyName,
        currency: region.currency,
        taxRule: region.taxRule,
        paymentTerm: 'CH30NETEOM',
        category: region.category,
        creditLimit: '10000.00',
        defaultAddress: 'MAIN',
        email: `accounts@${code.toLowerCase()}.example`,
        addresses: [
          {
            code: 'MAIN',
            description: 'Head office',
            addressLine1: `${n} Bulk street`,
            city: 'City',
            zipCode: '00000',
            country: region.country,
            isDefault: true,
          },
        ],
      });
      codes.push(code);
    }
    return codes;
  }
}
