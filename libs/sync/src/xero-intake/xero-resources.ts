// Which Xero resource each canonical entity is read from when it flows Xero → X3, which webhook
// category announces a change of it, and how its records are fetched by id in bulk.
import type { CanonicalEntity } from '#lb/mapping';

type Row = Record<string, unknown>;

export interface XeroSource {
  /** The connector's entity name (entity-catalog): 'contacts', 'invoices', 'payments'. */
  resource: 'contacts' | 'invoices' | 'creditNotes' | 'payments';
  /** The webhook category that announces a change (Xero pushes only these three), if any. */
  category?: 'CONTACT' | 'INVOICE' | 'CREDITNOTE';
  idField: string;
  /** Whether a fetched record belongs to this entity's flow (a contact may be a customer, a supplier or both). */
  belongs(row: Row): boolean;
  /** The If-Modified-Since listing's filter (Xero's where syntax), if the resource mixes entities. */
  where?: string;
}

/**
 * Xero marks a contact customer or supplier once a sales or purchase document names it; one with
 * neither mark could be either, so it flows both ways (as the dry run reads them).
 */
const asCustomer = (c: Row) => c.isCustomer === true || c.isSupplier !== true;
const asSupplier = (c: Row) => c.isSupplier === true || c.isCustomer !== true;
const ofType = (type: string) => (row: Row) => row.type === type;

export const XERO_SOURCES: Partial<Record<CanonicalEntity, XeroSource>> = {
  customer: { resource: 'contacts', category: 'CONTACT', idField: 'contactID', belongs: asCustomer },
  supplier: { resource: 'contacts', category: 'CONTACT', idField: 'contactID', belongs: asSupplier },
  bill: {
    resource: 'invoices',
    category: 'INVOICE',
    idField: 'invoiceID',
    belongs: ofType('ACCPAY'),
    where: 'Type=="ACCPAY"',
  },
  invoice: {
    resource: 'invoices',
    category: 'INVOICE',
    idField: 'invoiceID',
    belongs: ofType('ACCREC'),
    where: 'Type=="ACCREC"',
  },
  // what flows from Xero to X3 is the supplier credit notes (x3-writer/credit-note-drain.ts)
  creditNote: {
    resource: 'creditNotes',
    category: 'CREDITNOTE',
    idField: 'creditNoteID',
    belongs: ofType('ACCPAYCREDIT'),
    where: 'Type=="ACCPAYCREDIT"',
  },
  // Xero sends no webhook for payments: they are polled (If-Modified-Since).
  payment: { resource: 'payments', idField: 'paymentID', belongs: () => true },
};

/** The entities a webhook category can change. */
export function entitiesOfCategory(category: string): CanonicalEntity[] {
  return (Object.entries(XERO_SOURCES) as Array<[CanonicalEntity, XeroSource]>)
    .filter(([, s]) => s.category === category)
    .map(([entity]) => entity);
}
