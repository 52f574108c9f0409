// Small adapters for the engine's own tests: the contract's shape with just enough of an invoice
// and a customer, so engine tests do not depend on the real X3/Xero adapters' details.
import Decimal from 'decimal.js';
import type { Customer, Invoice } from '../../canonical';
import type { AdapterContext, X3Adapter, XeroAdapter } from '../../adapters/adapter-contract';
import type { AdapterRegistry, MappingRunContext } from '../run/outcome';

export interface X3InvoiceLine {
  ITMREF: string;
  QTY: string;
  NETPRI: string;
  VAT: string;
  AMTNOTLIN: string;
  AMTTAXLIN: string;
  ACCCOD?: string;
  CCE?: string;
}

export interface X3Invoice {
  NUM: string;
  BPCINV: string;
  INVDAT: string;
  CUR: string;
  CHGRAT: string;
  STA: string;
  VACBPR: string;
  lines: X3InvoiceLine[];
  AMTNOT: string;
  AMTTAX: string;
  AMTATI: string;
}

const x3Invoices: X3Adapter<'invoice'> = {
  entity: 'invoice',
  x3Entity: 'salesInvoice',
  fromX3(raw, ctx): Invoice {
    const record = raw as unknown as X3Invoice;
    return {
      entity: 'invoice',
      key: record.NUM,
      partyKey: record.BPCINV,
      date: record.INVDAT,
      currency: record.CUR,
      exchangeRate: { baseCurrency: ctx.baseCurrency, rate: record.CHGRAT },
      priceBasis: 'exclusive',
      status: 'authorised',
      sourceStatus: record.STA,
      taxRule: record.VACBPR,
      lines: record.lines.map((line, i) => ({
        lineNumber: i + 1,
        productKey: line.ITMREF,
        description: `Item ${line.ITMREF}`,
        quantity: line.QTY,
        unitPrice: line.NETPRI,
        taxCode: line.VAT,
        lineAmount: line.AMTNOTLIN,
        taxAmount: line.AMTTAXLIN,
        productAccountingCode: line.ACCCOD,
        dimensions: line.CCE ? { CCE: line.CCE } : undefined,
      })),
      totals: { subTotal: record.AMTNOT, totalTax: record.AMTTAX, total: record.AMTATI },
    };
  },
};

const xeroInvoices: XeroAdapter<'invoice'> = {
  entity: 'invoice',
  xeroResource: 'Invoices',
  toXero(invoice, ctx: AdapterContext) {
    const foreign = invoice.currency !== ctx.baseCurrency;
    return {
      type: 'ACCREC',
      invoiceNumber: invoice.key,
      contact: { contactNumber: invoice.partyKey },
      date: invoice.date,
      currencyCode: invoice.currency,
      currencyRate: foreign
        ? new Decimal(1)
            .div(invoice.exchangeRate?.rate ?? '1')
            .toDecimalPlaces(6)
            .toNumber()
        : undefined,
      lineAmountTypes: 'Exclusive',
      status: 'AUTHORISED',
      lineItems: invoice.lines.map((line) => ({
        description: line.description,
        quantity: Number(line.quantity),
        unitAmount: Number(line.unitPrice),
        lineAmount: Number(line.lineAmount),
        taxAmount: line.taxAmount === undefined ? undefined : Number(line.taxAmount),
        itemCode: line.productKey,
      })),
    };
  },
  fromXero() {
    throw new Error('not needed by the engine tests');
  },
};

const x3Customers: X3Adapter<'customer'> = {
  entity: 'customer',
  x3Entity: 'customer',
  fromX3(raw): Customer {
    return {
      entity: 'customer',
      key: String(raw.BPCNUM),
      name: String(raw.BPCNAM),
      isActive: true,
      addresses: [],
      email: typeof raw.WEB === 'string' ? raw.WEB : undefined,
    };
  },
};

const xeroCustomers: XeroAdapter<'customer'> = {
  entity: 'customer',
  xeroResource: 'Contacts',
  toXero: (customer) => ({ name: customer.name, contactNumber: customer.key, emailAddress: customer.email }),
  fromXero() {
    throw new Error('not needed by the engine tests');
  },
};

export const fixtureAdapters: AdapterRegistry = {
  x3: { invoice: x3Invoices, customer: x3Customers },
  xero: { invoice: xeroInvoices, customer: xeroCustomers },
};

export function fixtureContext(overrides: Partial<MappingRunContext> = {}): MappingRunContext {
  return { adapters: fixtureAdapters, adapterContext: { baseCurrency: 'EUR' }, ...overrides };
}

/** An X3 invoice of `lines` lines at 20 % tax, in EUR unless told. */
export function x3Invoice(lines = 2, overrides: Partial<X3Invoice> = {}): X3Invoice {
  const items: X3InvoiceLine[] = Array.from({ length: lines }, (_, i) => ({
    ITMREF: `P${i + 1}`,
    QTY: '2',
    NETPRI: '10.00',
    VAT: 'S20',
    AMTNOTLIN: '20.00',
    AMTTAXLIN: '4.00',
    ACCCOD: i % 2 === 0 ? 'GOODS' : 'SERVICES',
    CCE: i % 2 === 0 ? 'NORTH' : 'SOUTH',
  }));
  return {
    NUM: 'FAC-0001',
    BPCINV: 'C001',
    INVDAT: '2026-03-15',
    CUR: 'EUR',
    CHGRAT: '1',
    STA: '3',
    VACBPR: 'FRA',
    lines: items,
    AMTNOT: (20 * lines).toFixed(2),
    AMTTAX: (4 * lines).toFixed(2),
    AMTATI: (24 * lines).toFixed(2),
    ...overrides,
  };
}
