// Money to the cent: decimal parsing, per-currency rounding, exchange rates in X3's and Xero's
// directions (with the 6-place CurrencyRate choice), per-line tax that meets X3's footer, and
// Xero's own line and total arithmetic.
export * from './errors';
export * from './decimal';
export * from './scaled';
export * from './currencies';
export * from './exchange';
export * from './tax';
export * from './xero-lines';
