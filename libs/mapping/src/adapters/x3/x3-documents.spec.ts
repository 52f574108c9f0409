import { X3_ADAPTERS } from './x3-adapters';
import { purchaseInvoiceEntityOf } from './x3-purchase-invoice';
import { salesInvoiceEntityOf } from './x3-sales-invoice';
import {
  EUR_CTX,
  GBP_CTX,
  billCN001,
  creditMemoFR002,
  deliveryLY5531,
  euroInvoiceGB,
  invoiceLY5531,
  salesOrderLY5531,
} from './testing/x3-fixtures';

const { salesOrder, shipment, invoice, bill, creditNote } = X3_ADAPTERS;

describe('X3 document adapters', () => {
  it('reads a sales order: lines on its price basis, one tax code shared out from the header', () => {
    const order = salesOrder.fromX3(salesOrderLY5531, EUR_CTX);
    expect(order).toMatchObject({
      entity: 'salesOrder',
      key: 'SOFR0110003',
      partyKey: 'FR002',
      date: '2026-11-02',
      currency: 'EUR',
      exchangeRate: { baseCurrency: 'EUR', rate: '1', rateType: 'dailyRate' },
      priceBasis: 'exclusive',
      status: 'authorised',
      sourceStatus: 'closed',
      customerOrderReference: 'LY-5531',
      site: 'FR011',
      taxRule: 'FRA',
      totals: { subTotal: '1290.92', totalTax: '258.18', total: '1549.10' },
    });
    expect(order.lines.map((l) => [l.productKey, l.quantity, l.unitPrice, l.lineAmount, l.taxAmount])).toEqual([
      ['FIN003', '1', '1249.5', '1249.50', '249.90'],
      ['DIS002', '7', '5.9166', '41.42', '8.28'],
    ]);
    expect(salesOrder.toX3!(order, EUR_CTX)).toEqual({
      salesSite: 'FR011',
      soldToCustomer: 'FR002',
      orderDate: '2026-11-02',
      customerOrderReference: 'LY-5531',
      taxRule: 'FRA',
      currency: 'EUR',
      priceBasis: 'excludingTax',
      rateType: 'dailyRate',
      paymentTerm: 'FRTAC60',
      lines: [
        {
          product: 'FIN003',
          productDescription: 'Workstation XL',
          quantityInSalesUnitOrdered: '1',
          grossPrice: '1249.5',
          discount: '0',
          taxCode: 'FRN',
        },
        { product: 'DIS002', quantityInSalesUnitOrdered: '7', grossPrice: '5.9166', discount: '0', taxCode: 'FRN' },
      ],
    });
  });

  it('reads a delivery and writes only what X3 takes to deliver an order', () => {
    const s = shipment.fromX3(deliveryLY5531, EUR_CTX);
    expect(s).toMatchObject({
      entity: 'shipment',
      key: 'SDHFR0110002',
      orderKey: 'SOFR0110003',
      partyKey: 'FR002',
      date: '2026-11-04',
      shippedOn: '2026-11-04',
      isValidated: true,
      isInvoiced: true,
      invoiceKey: 'SIHFR0110001',
    });
    expect(s.lines[1]).toEqual({
      lineNumber: 2000,
      orderLineNumber: 2000,
      productKey: 'DIS002',
      quantity: '7',
      unitPrice: '5.9166',
      taxCode: 'FRN',
      lineAmount: '41.42',
    });
    expect(shipment.toX3!(s, EUR_CTX)).toEqual({
      salesOrder: 'SOFR0110003',
      deliveryDate: '2026-11-04',
      shipmentDate: '2026-11-04',
      lines: [
        { salesOrderLine: 1000, quantityInSalesUnitDelivered: '1' },
        { salesOrderLine: 2000, quantityInSalesUnitDelivered: '7' },
      ],
    });
  });

  it('reads a posted invoice: footer taxes, paid and due, order links, product accounting code, dimensions', () => {
    expect(salesInvoiceEntityOf(invoiceLY5531)).toBe('invoice');
    const inv = invoice.fromX3(invoiceLY5531, EUR_CTX);
    expect(inv).toMatchObject({
      entity: 'invoice',
      key: 'SIHFR0110001',
      partyKey: 'FR002',
      date: '2026-11-05',
      dueDate: '2027-01-04',
      status: 'authorised',
      sourceStatus: 'posted',
      taxes: [{ taxCode: 'FRN', rate: '20', base: '1290.92', amount: '258.18' }],
      totals: { subTotal: '1290.92', totalTax: '258.18', total: '1549.10' },
      amountPaid: '1000.00',
      amountDue: '549.10',
      orderKeys: ['SOFR0110003'],
      shipmentKeys: ['SDHFR0110002'],
    });
    expect(inv.lines[0]).toEqual({
      lineNumber: 1000,
      productKey: 'FIN003',
      description: 'Workstation XL',
      quantity: '1',
      grossPrice: '1249.5',
      discountPercent: '0',
      unitPrice: '1249.5',
      taxCode: 'FRN',
      lineAmount: '1249.50',
      taxAmount: '249.90',
      productAccountingCode: 'FINPRODUCT',
      dimensions: { DEP: 'SALES' },
      orderKey: 'SOFR0110003',
      orderLineNumber: 1000,
      shipmentKey: 'SDHFR0110002',
    });
    const input = invoice.toX3!(inv, { ...EUR_CTX, x3DimensionTypes: ['DEP', 'PRJ'] });
    expect(input).toMatchObject({
      invoiceType: 'invoice',
      salesSite: 'FR011',
      billToCustomer: 'FR002',
      accountingDate: '2026-11-05',
      currency: 'EUR',
      priceBasis: 'excludingTax',
      paymentTerm: 'FRTAC60',
      salesOrder: 'SOFR0110003',
    });
    expect((input.lines as object[])[0]).toEqual({
      product: 'FIN003',
      productDescription: 'Workstation XL',
      quantityInSalesUnitInvoiced: '1',
      grossPrice: '1249.5',
      discount: '0',
      taxCode: 'FRN',
      analyticalDimension1: 'SALES',
      salesOrder: 'SOFR0110003',
      salesOrderLine: 1000,
      salesDelivery: 'SDHFR0110002',
    });
  });

  it('keeps the foreign currency and its rate (base per document unit) on a euro invoice of a sterling ledger', () => {
    const inv = invoice.fromX3(euroInvoiceGB, GBP_CTX);
    expect(inv).toMatchObject({
      currency: 'EUR',
      exchangeRate: { baseCurrency: 'GBP', rate: '0.8536', rateType: 'dailyRate' },
      totals: { subTotal: '1965.00', totalTax: '0.00', total: '1965.00' },
      // As X3 posts it: 1965.00 × 0.8536 = 1677.324 → 1677.32 GBP.
      baseTotal: '1677.32',
    });
    expect(inv.lines.map((l) => l.taxAmount)).toEqual(['0.00', '0.00']);
    // A foreign document without a rate is not given rate 1.
    expect(invoice.fromX3({ ...euroInvoiceGB, exchangeRate: undefined }, GBP_CTX)).not.toHaveProperty('exchangeRate');
  });

  it('takes the product accounting code the connector flattens beside the product key', () => {
    const [line] = invoiceLY5531.lines as Array<Record<string, unknown>>;
    const flat = { ...line, product: 'FIN003', productAccountingCode: 'FINPRODUCT', productTaxLevel: 'NOR' };
    const inv = invoice.fromX3({ ...invoiceLY5531, lines: [flat] }, EUR_CTX);
    expect(inv.lines[0]).toMatchObject({ productKey: 'FIN003', productAccountingCode: 'FINPRODUCT' });
    expect(inv.baseTotal).toBe('1549.10');
  });

  it('refuses to read a credit memo as an invoice; the credit note adapter reads it with its original invoice', () => {
    expect(salesInvoiceEntityOf(creditMemoFR002)).toBe('creditNote');
    expect(() => invoice.fromX3(creditMemoFR002, EUR_CTX)).toThrow(/credit memo: use the creditNote adapter/);
    const note = creditNote.fromX3(creditMemoFR002, EUR_CTX);
    expect(note).toMatchObject({
      entity: 'creditNote',
      side: 'sales',
      key: 'SCMFR0110001',
      partyKey: 'FR002',
      originalInvoiceKey: 'SIHFR0110001',
      status: 'draft',
      sourceStatus: 'notPosted',
      totals: { subTotal: '5.92', totalTax: '1.18', total: '7.10' },
      amountDue: '7.10',
    });
    expect(note.lines[0].taxAmount).toBe('1.18');
    expect(creditNote.toX3!(note, EUR_CTX)).toMatchObject({
      invoiceType: 'creditMemo',
      billToCustomer: 'FR002',
      originalInvoice: 'SIHFR0110001',
      lines: [
        { product: 'DIS002', quantityInSalesUnitInvoiced: '1', grossPrice: '5.9166', discount: '0', taxCode: 'FRN' },
      ],
    });
  });

  it('reads a supplier invoice as a bill (no footer: its one tax code takes the header tax) and writes net prices', () => {
    expect(purchaseInvoiceEntityOf(billCN001)).toBe('bill');
    const b = bill.fromX3(billCN001, EUR_CTX);
    expect(b).toMatchObject({
      entity: 'bill',
      key: 'PIHFR0110001',
      partyKey: 'CN001',
      supplierReference: 'SZ-88412',
      status: 'draft',
      sourceStatus: 'pending',
      site: 'FR011',
      totals: { subTotal: '82.50', totalTax: '0.00', total: '82.50' },
      amountPaid: '82.50',
      amountDue: '0.00',
    });
    expect(b.lines).toEqual([
      {
        lineNumber: 1000,
        productKey: 'DIS010',
        quantity: '20',
        unitPrice: '4.125',
        taxCode: 'EXO',
        lineAmount: '82.50',
        taxAmount: '0.00',
        orderKey: 'POFR0110110',
      },
    ]);
    expect(bill.toX3!(b, EUR_CTX)).toEqual({
      invoiceType: 'invoice',
      site: 'FR011',
      billBySupplier: 'CN001',
      accountingDate: '2026-10-25',
      currency: 'EUR',
      priceBasis: 'excludingTax',
      supplierDocumentNumber: 'SZ-88412',
      supplierDocumentDate: '2026-10-25',
      lines: [
        {
          product: 'DIS010',
          quantityInPurchaseUnitInvoiced: '20',
          netPrice: '4.125',
          taxCode: 'EXO',
          purchaseOrder: 'POFR0110110',
        },
      ],
    });
  });

  it('reads a supplier credit note as a purchase credit note and writes it back to the purchase invoice node', () => {
    const record = { ...billCN001, invoiceType: 'creditMemo', status: 'validated', paidAmount: '0' };
    expect(purchaseInvoiceEntityOf(record)).toBe('creditNote');
    expect(() => bill.fromX3(record, EUR_CTX)).toThrow(/credit note: use the creditNote adapter/);
    const note = creditNote.fromX3(record, EUR_CTX);
    expect(note).toMatchObject({ entity: 'creditNote', side: 'purchase', status: 'authorised', reference: 'SZ-88412' });
    expect(creditNote.toX3!(note, EUR_CTX)).toMatchObject({
      invoiceType: 'creditMemo',
      billBySupplier: 'CN001',
      supplierDocumentNumber: 'SZ-88412',
    });
  });

  it('maps X3 statuses and keeps the X3 code', () => {
    const status = (sta: string, invoiceType = 'invoice') =>
      invoice.fromX3({ ...invoiceLY5531, status: sta, invoiceType }, EUR_CTX).status;
    expect([status('notPosted'), status('posted'), status('notUsed'), status('posted', 'proforma')]).toEqual([
      'draft',
      'authorised',
      'voided',
      'draft',
    ]);
    const billStatus = (sta: string) => bill.fromX3({ ...billCN001, status: sta }, EUR_CTX).status;
    expect([billStatus('pending'), billStatus('toValidate'), billStatus('validated')]).toEqual([
      'draft',
      'submitted',
      'authorised',
    ]);
  });
});
