// A record the Xero adapters cannot express in Xero, named by field and rule.

export type XeroAdapterRule =
  | 'too-long'
  | 'required'
  | 'not-writable'
  | 'unresolved-reference'
  | 'too-many-tracking-categories'
  | 'unbalanced-journal'
  | 'status-not-settable'
  | 'totals-differ'
  | 'credit-exceeds-documents';

export class XeroAdapterError extends Error {
  constructor(
    readonly field: string,
    readonly rule: XeroAdapterRule,
    message: string,
  ) {
    super(message);
    this.name = 'XeroAdapterError';
  }
}
