// Sales deliveries (SDELIVERY): a shipment of order lines, validated to move stock.
import type { Shipment, ShipmentLine } from '../../canonical';
import type { X3Adapter } from '../adapter-contract';
import { originOf } from './x3-origin';
import { boolOf, compact, dateOf, dec, decOrZero, linesOf, refKey, requiredText, text } from './x3-values';

export const x3ShipmentAdapter: X3Adapter<'shipment'> = {
  entity: 'shipment',
  x3Entity: 'salesDelivery',
  fromX3(record, ctx) {
    const key = requiredText(record.id ?? record._id, 'delivery (SDHNUM)');
    const lines = linesOf(record).map((l, i) =>
      compact({
        lineNumber: Number(l.lineNumber ?? (i + 1) * 1000),
        orderLineNumber: Number(l.salesOrderLine),
        productKey: refKey(l.product),
        quantity: decOrZero(l.quantityInSalesUnitDelivered),
        unitPrice: dec(l.netPrice),
        taxCode: refKey(l.taxCode),
        lineAmount: dec(l.lineAmountExcludingTax),
      } satisfies ShipmentLine),
    );
    return compact({
      entity: 'shipment',
      key,
      orderKey: requiredText(record.salesOrder, `order (SOHNUM) of ${key}`),
      partyKey: requiredText(record.soldToCustomer, `customer (BPCORD) of ${key}`),
      date: dateOf(record.deliveryDate) ?? requiredText(undefined, `delivery date of ${key}`),
      shippedOn: dateOf(record.shipmentDate),
      currency: refKey(record.currency) ?? ctx.baseCurrency,
      isValidated: boolOf(record.isValidated, false),
      isInvoiced: boolOf(record.isInvoiced, false),
      invoiceKey: text(record.salesInvoice),
      lines,
      origin: originOf(record, key),
    } satisfies Shipment);
  },
  toX3(shipment) {
    // X3 prices a delivery from its order lines: only the order, dates and quantities are sent.
    return compact({
      salesOrder: shipment.orderKey,
      deliveryDate: shipment.date,
      shipmentDate: shipment.shippedOn,
      lines: shipment.lines.map((l) => ({
        salesOrderLine: l.orderLineNumber,
        quantityInSalesUnitDelivered: l.quantity,
      })),
    });
  },
};
