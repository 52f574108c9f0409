// Starter templates in the xero-to-x3 direction: what flows back from Xero to X3 (issue 11:
// customers and suppliers, bills → supplier invoices, supplier credit notes → supplier credit
// memos, payments). The X3 adapters' toX3 builds
// each payload from the canonical record; a template translates the Xero codes the canonical
// record still carries (tax types, the bank account's Code) into X3's, by lookups built from
// the same facts as the forward templates.
import type { MappingDocument } from '../engine/mapping-document';
import { MAPPING_DOCUMENT_SCHEMA } from '../engine/mapping-document';
import {
  reverseBankTable,
  reversePaymentMethodTable,
  reverseTaxCodeTable,
  uncodedPurchaseProductTable,
} from './reverse-lookup-tables';
import { XERO_NO_TAX_TYPE } from '../adapters/xero/document-lines';
import { REGION_FACTS, RegionFacts, StarterRegion, X3_UNCODED_PURCHASE_PRODUCT } from './starter-regions';

/** The entities that flow from Xero back to X3. */
export const REVERSE_STARTER_ENTITIES = ['customer', 'supplier', 'bill', 'creditNote', 'payment'] as const;
export type ReverseStarterEntity = (typeof REVERSE_STARTER_ENTITIES)[number];

function base(entity: ReverseStarterEntity, facts: RegionFacts, description: string): MappingDocument {
  return {
    schema: MAPPING_DOCUMENT_SCHEMA,
    entity,
    direction: 'xero-to-x3',
    fields: [],
    lookups: [],
    description: `Starter (${facts.region}, Xero ${facts.baseCurrency} → X3 ${facts.x3Company}): ${description}`,
  };
}

/**
 * The X3 partner code of a contact. X3 codes are 1–15 of A–Z, 0–9 and '_': a ContactNumber is
 * upper-cased with any other character made '_' ('c-1001' → 'C_1001'); a contact without one
 * (its canonical key is then its ContactID) gets 'X' + the first 14 hex digits of that id. A number
 * still longer than 15 is left as it is, so the record is refused with X3's rule rather than cut
 * into another partner's code.
 */
export const PARTNER_CODE_EXPRESSION = `(
  $numbered := $exists(key) and key != "" and key != origin.key;
  $numbered
    ? $uppercase($replace(key, /[^A-Za-z0-9_]/, "_"))
    : "X" & $substring($uppercase($replace(origin.key, "-", "")), 0, 14)
)`;

/**
 * Contacts → X3 business partners: the adapters carry every field; the code comes from the
 * ContactNumber (PARTNER_CODE_EXPRESSION). A contact with no DefaultCurrency trades in the
 * organisation's base currency, which X3 needs (CUR).
 */
function parties(entity: 'customer' | 'supplier', facts: RegionFacts): MappingDocument {
  return {
    ...base(entity, facts, `contacts to X3 ${entity}s (X3 code from ContactNumber)`),
    fields: [
      { target: 'code', source: { kind: 'expression', expression: PARTNER_CODE_EXPRESSION } },
      { target: 'currency', source: { kind: 'constant', value: facts.baseCurrency }, mode: 'default' },
    ],
  };
}

/** X3 enters a document on a site (FCY); a Xero bill or payment names none, so the company's is the default. */
function siteDefault(facts: RegionFacts): MappingDocument['fields'][number] {
  return { target: 'site', source: { kind: 'constant', value: facts.x3Site }, mode: 'default' };
}

/**
 * A purchase document's lines (a bill's, a supplier credit note's): each line's Xero TaxType back
 * to X3's tax code; a line without an item on the stand-in product (X3 needs one on every line).
 */
function purchaseLines(facts: RegionFacts): Pick<MappingDocument, 'fields' | 'lookups'> {
  return {
    fields: [
      siteDefault(facts),
      {
        target: 'lines[].product',
        source: {
          kind: 'lookup',
          table: 'x3-uncoded-purchase-product',
          key: ['lines[].accountCode'],
          field: 'product',
        },
        mode: 'default',
      },
      {
        target: 'lines[].taxCode',
        source: { kind: 'lookup', table: 'x3-purchase-tax-code', key: ['lines[].taxCode'], field: 'taxCode' },
        mode: 'set',
        required: true,
      },
    ],
    lookups: [
      uncodedPurchaseProductTable(X3_UNCODED_PURCHASE_PRODUCT),
      reverseTaxCodeTable('x3-purchase-tax-code', facts.purchaseTaxTypes, {
        taxTypes: [XERO_NO_TAX_TYPE, facts.noTaxType],
        x3Code: facts.x3PurchaseNoTaxCode,
      }),
    ],
  };
}

/** ACCPAY bills → X3 supplier invoices (PINVOICE), lines as purchaseLines. */
function bills(facts: RegionFacts): MappingDocument {
  return { ...base('bill', facts, 'ACCPAY bills to supplier invoices, tax codes by lookup'), ...purchaseLines(facts) };
}

/**
 * ACCPAYCREDIT supplier credit notes → X3 supplier credit memos (PINVOICE, INVTYP credit memo),
 * lines as purchaseLines. The supplier's document number (BPRVCR) is the credit note's number,
 * which the canonical record keeps as its key (the adapter would put Xero's free-text Reference there).
 */
function supplierCreditNotes(facts: RegionFacts): MappingDocument {
  const lines = purchaseLines(facts);
  return {
    ...base('creditNote', facts, 'ACCPAYCREDIT credit notes to supplier credit memos, tax codes by lookup'),
    ...lines,
    fields: [{ target: 'supplierDocumentNumber', source: { kind: 'copy', from: 'key' }, mode: 'set' }, ...lines.fields],
  };
}

/**
 * Xero payments → X3 payments (PAYMENTH): the Xero bank account's Code gives X3's bank (BAN) and
 * the payment method (PAM); an account the tables do not know makes the payment wait for mapping.
 */
function payments(facts: RegionFacts): MappingDocument {
  return {
    ...base('payment', facts, 'payments to X3 payments, X3 bank and payment method by bank account'),
    fields: [
      siteDefault(facts),
      {
        target: 'bankAccount',
        source: { kind: 'lookup', table: 'x3-bank', key: ['bankAccount'], field: 'bank' },
        mode: 'set',
        required: true,
      },
      {
        target: 'paymentMethod',
        source: { kind: 'lookup', table: 'payment-method', key: ['bankAccount'], field: 'paymentMethod' },
        mode: 'set',
        required: true,
      },
    ],
    lookups: [reverseBankTable(facts.x3Bank), reversePaymentMethodTable()],
  };
}

const BUILDERS: Record<ReverseStarterEntity, (facts: RegionFacts) => MappingDocument> = {
  customer: (f) => parties('customer', f),
  supplier: (f) => parties('supplier', f),
  bill: bills,
  creditNote: supplierCreditNotes,
  payment: payments,
};

export function isReverseStarterEntity(entity: string): entity is ReverseStarterEntity {
  return (REVERSE_STARTER_ENTITIES as readonly string[]).includes(entity);
}

/** A fresh copy of one region's xero-to-x3 starter document for one entity. */
export function reverseStarterTemplate(region: StarterRegion, entity: ReverseStarterEntity): MappingDocument {
  return BUILDERS[entity](REGION_FACTS[region]);
}

/** Every xero-to-x3 starter document of a region, by entity. */
export function reverseStarterTemplates(region: StarterRegion): Record<ReverseStarterEntity, MappingDocument> {
  return Object.fromEntries(REVERSE_STARTER_ENTITIES.map((e) => [e, reverseStarterTemplate(region, e)])) as Record<
    ReverseStarterEntity,
    MappingDocument
  >;
}
