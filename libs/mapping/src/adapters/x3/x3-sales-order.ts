// Sales orders (SORDER): read for order-to-cash flows, written when a Xero draft raises an order.
import type { SalesOrder } from '../../canonical';
import type { X3Adapter } from '../adapter-contract';
import { commercialHeaderOf, documentOf, x3CurrencyTerms } from './x3-commercial-header';
import { x3LineInput } from './x3-document-parts';
import { salesOrderStatus } from './x3-status';
import { compact, text } from './x3-values';

const QUANTITY = 'quantityInSalesUnitOrdered';

export const x3SalesOrderAdapter: X3Adapter<'salesOrder'> = {
  entity: 'salesOrder',
  x3Entity: 'salesOrder',
  fromX3(record, ctx) {
    const header = commercialHeaderOf(record, ctx, {
      party: 'soldToCustomer',
      date: 'orderDate',
      site: 'salesSite',
      status: salesOrderStatus(),
      lines: { quantity: QUANTITY },
    });
    return documentOf(header, 'salesOrder', {
      customerOrderReference: text(record.customerOrderReference),
    }) satisfies SalesOrder;
  },
  toX3(order, ctx) {
    // The order number is X3's to give (its SOHNUM sequence): the key is not sent.
    return compact({
      salesSite: order.site ?? ctx.x3Site,
      soldToCustomer: order.partyKey,
      orderDate: order.date,
      customerOrderReference: order.customerOrderReference,
      taxRule: order.taxRule,
      ...x3CurrencyTerms(order),
      paymentTerm: order.paymentTerm,
      lines: order.lines.map((l) => x3LineInput(l, QUANTITY, ctx)),
    });
  },
};
