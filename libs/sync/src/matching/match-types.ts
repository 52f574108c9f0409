// What first-connection matching reads of each side and what it proposes. Plain data: the matcher
// is a pure function of these, so it is tested (and timed on 10,000 × 10,000) without I/O.

/** The canonical entities matched before the first write. */
export type MatchEntity = 'customer' | 'supplier' | 'product' | 'account' | 'invoice' | 'bill';
export const MATCH_ENTITIES: readonly MatchEntity[] = ['customer', 'supplier', 'product', 'account', 'invoice', 'bill'];

/** Which rule paired the two records, strongest first within each kind. */
export type MatchRule =
  'contact-number' | 'name' | 'tax-number' | 'email' | 'code' | 'reference' | 'number-and-contact';

/** An X3 business partner as the adapters give it (canonical Customer / Supplier satisfy this). */
export interface X3Party {
  entity: 'customer' | 'supplier';
  key: string;
  name: string;
  taxNumber?: string;
  email?: string;
}

export interface XeroContactFacts {
  id: string;
  number?: string;
  name: string;
  taxNumber?: string;
  email?: string;
  /** ARCHIVED (and GDPRREQUEST) contacts are never matched; their names still count for clashes. */
  active: boolean;
}

/** A product (ITMREF) or GL account (ACC) on the X3 side. */
export interface X3Coded {
  key: string;
  name?: string;
}

/** A Xero item or account: its id and Code. */
export interface XeroCodedFacts {
  id: string;
  code: string;
  name?: string;
  active: boolean;
}

/** An X3 sales invoice (NUM) or supplier invoice (with BPRVCR as supplierReference). */
export interface X3Document {
  key: string;
  partyKey: string;
  supplierReference?: string;
}

export interface XeroDocumentFacts {
  id: string;
  number?: string;
  reference?: string;
  contactId?: string;
  /** Deleted and voided documents are not matched. */
  live: boolean;
}

export interface MatchInput {
  customers: X3Party[];
  suppliers: X3Party[];
  products: X3Coded[];
  accounts: X3Coded[];
  invoices: X3Document[];
  bills: X3Document[];
  xero: {
    contacts: XeroContactFacts[];
    items: XeroCodedFacts[];
    accounts: XeroCodedFacts[];
    /** ACCREC invoices. */
    invoices: XeroDocumentFacts[];
    /** ACCPAY invoices. */
    bills: XeroDocumentFacts[];
  };
  /** Names the user already confirmed for X3 parties (entity:key → name): what the writer will send. */
  renames?: Map<string, string>;
  /** Pairs already recorded as cross-references (entity:x3Key → Xero id): not proposed again. */
  linked?: Map<string, string>;
}

export interface MatchProposal {
  entity: MatchEntity;
  x3Key: string;
  xeroId: string;
  /** The Xero natural key the match rests on (ContactNumber, Code, InvoiceNumber …), when it has one. */
  xeroNaturalKey: string | null;
  rule: MatchRule;
  /** 0–100: how sure the rule is (a key we wrote is 100; an email shared by a family of firms is less). */
  confidence: number;
  x3Label: string;
  xeroLabel: string;
  /** Invoices and bills: the X3 customer or supplier whose contact the match rests on. */
  partyKey?: string;
}

export type AmbiguityReason =
  /** The X3 record's key under the rule finds several Xero records. */
  | 'several-candidates'
  /** Several X3 records find the same Xero record under the rule. */
  | 'contested'
  /** The document number is taken in Xero by a document of another contact (or of an unmatched one). */
  | 'contact-differs';

export interface AmbiguousMatch {
  entity: MatchEntity;
  x3Key: string;
  x3Label: string;
  rule: MatchRule;
  reason: AmbiguityReason;
  candidates: Array<{ xeroId: string; label: string }>;
}

/**
 * Writing the X3 party's name would break Xero's rule that active contact names are unique: the
 * name is held by another Xero contact (or by another X3 party's new contact). Resolved by the
 * user accepting or editing `proposedName` before the first write.
 */
export interface NameClash {
  entity: 'customer' | 'supplier';
  x3Key: string;
  name: string;
  /** The Xero contact holding the name, or the X3 party whose new contact will. */
  heldBy: { xeroId?: string; x3Entity?: 'customer' | 'supplier'; x3Key?: string };
  proposedName: string;
}

/** An X3 customer and supplier (one business partner, or two with one name) that become one Xero contact. */
export interface SharedContact {
  customerKey: string;
  supplierKey: string;
  name: string;
  /** The Xero contact both are matched to; absent when it is still to be created. */
  xeroId?: string;
}

export interface EntityCounts {
  x3: number;
  xero: number;
  matched: number;
  ambiguous: number;
  /** X3 records with no Xero counterpart: the sync will create them. */
  unmatched: number;
  /** X3 records already linked by a cross-reference. */
  linked: number;
}

export interface MatchResult {
  proposals: MatchProposal[];
  ambiguous: AmbiguousMatch[];
  clashes: NameClash[];
  shared: SharedContact[];
  counts: Record<MatchEntity, EntityCounts>;
}

export const slotOf = (entity: MatchEntity, x3Key: string) => `${entity}:${x3Key}`;
