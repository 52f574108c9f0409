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

/** Scopes that allow a request, by resource and method: broad or granular, write implies read. */
export function scopesFor(resource: string, write: boolean): string[] {
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
    // read only: no write scope exists, so only accounting.reports.read admits a request
    Reports: ['accounting.reports'],
  };
  const base = family[resource] ?? ['accounting.transactions'];
  return write ? base : [...base, ...base.map((s) => `${s}.read`)];
}
