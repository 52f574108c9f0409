// Scopes the sandbox identity server knows: OIDC, Xero's broad accounting scopes and the
// granular scopes (apps created from March 2026 get only those).
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export const API_SCOPES = [
  'accounting.transactions',
  'accounting.transactions.read',
  'accounting.contacts',
  'accounting.contacts.read',
  'accounting.settings',
  'accounting.settings.read',
  'accounting.attachments',
  'accounting.attachments.read',
  'accounting.journals.read',
  'accounting.reports.read',
  // the granular report scopes that replace accounting.reports.read for apps created from March 2026
  'accounting.reports.aged.read',
  'accounting.reports.trialbalance.read',
  'accounting.reports.profitandloss.read',
  'accounting.reports.balancesheet.read',
  'accounting.budgets.read',
  'accounting.invoices',
  'accounting.invoices.read',
  'accounting.payments',
  'accounting.payments.read',
  'accounting.banktransactions',
  'accounting.banktransactions.read',
  'accounting.manualjournals',
  'accounting.manualjournals.read',
];

/** The granular scope of each report (reference/xero-api.md: granular scopes); the broad one admits all. */
const REPORT_SCOPES: Record<string, string> = {
  TrialBalance: 'accounting.reports.trialbalance.read',
  AgedReceivablesByContact: 'accounting.reports.aged.read',
  AgedPayablesByContact: 'accounting.reports.aged.read',
  ProfitAndLoss: 'accounting.reports.profitandloss.read',
  BalanceSheet: 'accounting.reports.balancesheet.read',
};

/**
 * Scopes that allow a request, by resource and method: broad or granular, write implies read. A
 * report (`Reports/<name>`) is read only: accounting.reports.read, or the report's granular scope.
 */
export function scopesFor(resource: string, write: boolean, report?: string): string[] {
  if (resource === 'Reports') {
    const granular = report ? REPORT_SCOPES[report] : undefined;
    return write ? [] : ['accounting.reports.read', ...(granular ? [granular] : [])];
  }
  const family: Record<string, string[]> = {
    Organisation: ['accounting.settings'],
    Accounts: ['accounting.settings'],
    TaxRates: ['accounting.settings'],
    Currencies: ['accounting.settings'],
    TrackingCategories: ['accounting.settings'],
    Items: ['accounting.settings', 'accounting.invoices'],
    Contacts: ['accounting.contacts'],
    Invoices: ['accounting.transactions', 'accounting.invoices'],
    CreditNotes: ['accounting.transactions', 'accounting.invoices'],
    PurchaseOrders: ['accounting.transactions', 'accounting.invoices'],
    Payments: ['accounting.transactions', 'accounting.payments'],
    ManualJournals: ['accounting.transactions', 'accounting.manualjournals'],
    BankTransactions: ['accounting.transactions', 'accounting.banktransactions'],
    Overpayments: ['accounting.transactions', 'accounting.payments'],
    Prepayments: ['accounting.transactions', 'accounting.payments'],
  };
  const base = family[resource] ?? ['accounting.transactions'];
  return write ? base : [...base, ...base.map((s) => `${s}.read`)];
}
