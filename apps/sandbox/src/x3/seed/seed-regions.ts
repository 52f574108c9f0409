import { PoolClient } from 'pg';
import { getRow, text } from '../domain/store';
import { createSalesOrder } from '../domain/sales-orders';
import { createSalesInvoice } from '../domain/invoices';
import { postSalesInvoice } from '../domain/invoice-posting';
import { createPayment } from '../domain/payments';
import { createPurchaseInvoice } from '../domain/purchase-invoices';

interface Region {
  site: string;
  customer: string;
  supplier: string;
  product: string;
  /** New Zealand and Australian retail prices are commonly quoted including GST. */
  priceBasis: 'excludingTax' | 'includingTax';
}

const REGIONS: Region[] = [
  { site: 'NZ011', customer: 'NZ001', supplier: 'NZ002', product: 'NZFOOD01', priceBasis: 'includingTax' },
  { site: 'AU011', customer: 'AU001', supplier: 'AU006', product: 'AUWINE01', priceBasis: 'includingTax' },
  { site: 'GB011', customer: 'GB001', supplier: 'GB002', product: 'GBCHILD01', priceBasis: 'excludingTax' },
];

/**
 * Documents of the NZD, AUD and GBP companies: an open order, a posted and paid invoice, an
 * unposted invoice and a supplier invoice each; the UK company also invoices a euro customer.
 * Nothing here is delivered, so the delivery-status mix of the original SEED data stays as it was.
 */
export async function seedRegions(client: PoolClient, folder: string): Promise<void> {
  for (const region of REGIONS) {
    await createSalesOrder(client, folder, {
      salesSite: region.site,
      soldToCustomer: region.customer,
      orderDate: '2026-11-03',
      priceBasis: region.priceBasis,
      customerOrderReference: `${region.customer}-1103`,
      lines: [
        { product: region.product, quantityInSalesUnitOrdered: '12', analyticalDimension1: 'SALES' },
        {
          product: 'FIN001',
          quantityInSalesUnitOrdered: '2',
          grossPrice: '249.00',
          discount: '10',
          analyticalDimension1: 'SALES',
          analyticalDimension2: 'P200',
        },
      ],
    });
    const paid = await createSalesInvoice(client, folder, {
      salesSite: region.site,
      billToCustomer: region.customer,
      priceBasis: region.priceBasis,
      accountingDate: '2026-11-04',
      lines: [
        {
          product: region.product,
          quantityInSalesUnitInvoiced: '24',
          grossPrice: '19.99',
          discount: '5',
          analyticalDimension1: 'SALES',
        },
        { product: 'DIS004', quantityInSalesUnitInvoiced: '3' },
      ],
    });
    await postSalesInvoice(client, folder, paid);
    await createPayment(client, folder, {
      businessPartnerType: 'customer',
      businessPartner: region.customer,
      site: region.site,
      accountingDate: '2026-11-20',
      lines: [
        { document: paid, amount: text((await getRow(client, 'salesInvoice', folder, paid))?.totalAmountIncludingTax) },
      ],
    });
    await createSalesInvoice(client, folder, {
      salesSite: region.site,
      billToCustomer: region.customer,
      priceBasis: region.priceBasis,
      accountingDate: '2026-11-12',
      lines: [{ product: 'FIN002', quantityInSalesUnitInvoiced: '1', grossPrice: '899.00' }],
    });
    await createPurchaseInvoice(client, folder, {
      site: region.site,
      billBySupplier: region.supplier,
      supplierDocumentNumber: `${region.supplier}-INV-0042`,
      accountingDate: '2026-11-06',
      lines: [
        {
          product: 'DIS010',
          quantityInPurchaseUnitInvoiced: '40',
          netPrice: '4.3750',
          analyticalDimension1: 'OPS',
          analyticalDimension2: 'P200',
        },
      ],
    });
  }
  // A UK sale in euros: the invoice carries the EUR -> GBP rate and posts sterling ledger amounts.
  const euro = await createSalesInvoice(client, folder, {
    salesSite: 'GB011',
    billToCustomer: 'ES001',
    currency: 'EUR',
    accountingDate: '2026-11-09',
    lines: [
      { product: 'GBCHILD01', quantityInSalesUnitInvoiced: '10', grossPrice: '139.00', taxCode: 'GBZ' },
      { product: 'GBBOOK01', quantityInSalesUnitInvoiced: '50', grossPrice: '11.50', taxCode: 'GBZ' },
    ],
  });
  await postSalesInvoice(client, folder, euro);
}
