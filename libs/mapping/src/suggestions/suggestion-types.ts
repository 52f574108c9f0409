// What the suggestion scorers read and what they propose. Facts only: names, types, codes and
// rates as each ledger lists them, plus the tenant's own earlier decisions.

export const SUGGESTION_KINDS = ['accounts', 'taxes', 'fields'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/**
 * Which lookup a pair is for: GL accounts (journals), or a tax code on the sales or purchase side;
 * for field pairs, the mapping's entity (customer, invoice …).
 */
export type SuggestionScope = string;

export interface X3AccountFacts {
  code: string;
  description: string;
  chart?: string;
  /** X3 account class (CLSCOD): fixed by law only in the French PCG. */
  classCode?: string;
  /** X3's collective (control) account flag, where the chart or the record says so. */
  isControl?: boolean;
}

export interface XeroAccountFacts {
  code: string;
  name: string;
  /** Xero Account Type (BANK, REVENUE, DIRECTCOSTS, CURRLIAB …). */
  type?: string;
  /** Xero Account Class (ASSET, LIABILITY, EQUITY, REVENUE, EXPENSE). */
  accountClass?: string;
  /** DEBTORS, CREDITORS, GST, RETAINEDEARNINGS …: the organisation's control accounts. */
  systemAccount?: string;
  active: boolean;
}

export interface X3TaxFacts {
  code: string;
  description: string;
  /** Percent as decimal text ("20.000"). */
  rate: string;
  /** The tax rules and levels that lead to this code (e.g. FRA/NOR), for the reason shown. */
  rules?: Array<{ rule: string; level: string }>;
}

export interface XeroTaxFacts {
  taxType: string;
  name: string;
  /** Effective percent as decimal text. */
  rate: string;
  /** OUTPUT, INPUT, EXEMPTOUTPUT, NONE …: which return box, hence which side. */
  reportTaxType?: string;
  active: boolean;
}

export interface Side {
  key: string;
  label: string;
}

/** A decision the tenant made earlier on a pair (any of its integrations). */
export interface PriorDecision {
  kind: SuggestionKind;
  scope: SuggestionScope;
  sourceKey: string;
  targetKey: string;
  decision: 'accepted' | 'rejected';
  /** Made on the integration being suggested for (else another of the tenant's). */
  here: boolean;
}

export interface Proposal {
  kind: SuggestionKind;
  scope: SuggestionScope;
  source: Side;
  target: Side;
  /** 0..1 */
  confidence: number;
  reasons: string[];
  /** The next best targets for the same source, best first. */
  alternatives: Array<Side & { confidence: number }>;
}

/** One scored candidate pair before assignment. */
export interface Candidate {
  sourceKey: string;
  targetKey: string;
  score: number;
  reasons: string[];
}
