import { PoolClient } from 'pg';
import { SandboxDatabase } from '../../db/sandbox-database';
import { X3Mutations } from '../graphql/context';
import { X3BusinessError, Values } from './store';
import { createMasterRecord, updateMasterRecord } from './master-data';
import { closeSalesOrder, createSalesOrder, updateSalesOrder } from './sales-orders';
import { createDelivery, validateDelivery } from './deliveries';
import { createSalesInvoice } from './invoices';
import { postSalesInvoice } from './invoice-posting';
import { createPayment } from './payments';
import { createPurchaseOrder, createPurchaseReceipt, updatePurchaseOrder } from './purchasing';
import { createPurchaseInvoice, validatePurchaseInvoice } from './purchase-invoices';
import { createJournalEntry, validateJournalEntry } from './journal';

type Creator = (client: PoolClient, folder: string, data: Values) => Promise<string>;
type Updater = (client: PoolClient, folder: string, id: string, data: Values) => Promise<string>;

const CREATORS: Record<string, Creator> = {
  customer: (c, f, d) => createMasterRecord(c, f, 'customer', d),
  supplier: (c, f, d) => createMasterRecord(c, f, 'supplier', d),
  product: (c, f, d) => createMasterRecord(c, f, 'product', d),
  salesOrder: createSalesOrder,
  salesDelivery: createDelivery,
  salesInvoice: createSalesInvoice,
  payment: createPayment,
  purchaseOrder: createPurchaseOrder,
  purchaseReceipt: createPurchaseReceipt,
  purchaseInvoice: createPurchaseInvoice,
  journalEntry: createJournalEntry,
};

const UPDATERS: Record<string, Updater> = {
  customer: (c, f, id, d) => updateMasterRecord(c, f, 'customer', id, d),
  supplier: (c, f, id, d) => updateMasterRecord(c, f, 'supplier', id, d),
  product: (c, f, id, d) => updateMasterRecord(c, f, 'product', id, d),
  salesOrder: updateSalesOrder,
  purchaseOrder: updatePurchaseOrder,
  salesInvoice: async (client, folder, id, data) => {
    const { rows } = await client.query<{ status: string }>(
      'SELECT status FROM x3_sales_invoice WHERE folder = $1 AND _id = $2 FOR UPDATE',
      [folder, id],
    );
    if (!rows[0]) throw new X3BusinessError(`Invoice ${id}: record does not exist`);
    if (rows[0].status === 'posted')
      throw new X3BusinessError(`Invoice ${id}: posted invoice, modification not allowed`);
    const { _id, ...changes } = data;
    const allowed = ['accountingDate', 'paymentTerm'];
    const bad = Object.keys(changes).find((k) => !allowed.includes(k));
    if (bad) throw new X3BusinessError(`Invoice ${id}: ${bad} cannot be modified`);
    await client.query(
      `UPDATE x3_sales_invoice SET accounting_date = COALESCE($3::date, accounting_date), payment_term = COALESCE($4, payment_term),
      _update_stamp = date_trunc('second', clock_timestamp()) WHERE folder = $1 AND _id = $2`,
      [folder, id, changes.accountingDate ?? null, changes.paymentTerm ?? null],
    );
    return id;
  },
  purchaseInvoice: () =>
    Promise.reject(new X3BusinessError('Supplier invoice: modification not allowed through this API')),
};

const ACTIONS: Record<string, (client: PoolClient, folder: string, id: string) => Promise<string>> = {
  'salesOrder.close': closeSalesOrder,
  'salesDelivery.validate': validateDelivery,
  'salesInvoice.post': postSalesInvoice,
  'purchaseInvoice.validate': validatePurchaseInvoice,
  'journalEntry.validate': validateJournalEntry,
};

/** Every write runs in one transaction, as an X3 save does: all of it lands or none. */
export class X3Domain implements X3Mutations {
  constructor(private readonly db: SandboxDatabase) {}

  run<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  create(folder: string, entity: string, data: Values): Promise<string> {
    const creator = CREATORS[entity];
    if (!creator) throw new X3BusinessError(`${entity}: creation not available`);
    return this.run((client) => creator(client, folder, data));
  }

  update(folder: string, entity: string, id: string, data: Values): Promise<string> {
    const updater = UPDATERS[entity];
    if (!updater) throw new X3BusinessError(`${entity}: modification not available`);
    return this.run((client) => updater(client, folder, id, data));
  }

  action(folder: string, entity: string, action: string, id: string): Promise<string> {
    const handler = ACTIONS[`${entity}.${action}`];
    if (!handler) throw new X3BusinessError(`${entity}: action ${action} not available`);
    return this.run((client) => handler(client, folder, id));
  }
}
