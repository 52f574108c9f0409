// A money rule a record breaks, named so the caller can report record, field and rule.

export type MoneyRule =
  | 'decimal-format'
  | 'unknown-currency'
  | 'missing-exchange-rate'
  | 'foreign-currency-at-rate-one'
  | 'non-positive-rate'
  | 'missing-tax-rate'
  | 'tax-code-without-lines'
  | 'line-amount-not-expressible';

export class MoneyRuleError extends Error {
  constructor(
    readonly field: string,
    readonly rule: MoneyRule,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyRuleError';
  }
}
