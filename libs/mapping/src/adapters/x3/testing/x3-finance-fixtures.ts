// X3 payments and journal entries as the connector returns them, from the sandbox's seed (test-only).
import type { X3Shape } from '../../adapter-contract';
import { stamps } from './x3-fixture-stamps';

export const paymentFR002: X3Shape = {
  _id: 'PAYFR0110002',
  ...stamps,
  id: 'PAYFR0110002',
  entryType: 'REC',
  businessPartnerType: 'customer',
  businessPartner: 'FR002',
  company: 'FR10',
  site: 'FR011',
  accountingDate: '2026-11-20',
  currency: 'EUR',
  amount: '1549.10',
  rateType: 'dailyRate',
  exchangeRate: '1',
  amountInLedgerCurrency: '1549.10',
  bankAccount: 'BQ1',
  paymentMethod: 'TRF',
  sense: 'revenue',
  status: 'accepted',
  reference: 'VIR-5531',
  lines: [
    { lineNumber: 1000, documentType: 'INV', document: 'SIHFR0110001', amount: '1556.20' },
    { lineNumber: 2000, documentType: 'SCM', document: 'SCMFR0110001', amount: '-7.10' },
  ],
};

export const journalODG: X3Shape = {
  _id: 'ODGFR100001',
  ...stamps,
  id: 'ODGFR100001',
  entryType: 'ODG',
  company: 'FR10',
  site: 'FR011',
  journal: 'OD',
  accountingDate: '2026-11-10',
  category: 'actual',
  status: 'final',
  description: 'Bank fees November',
  reference: '',
  currency: 'EUR',
  exchangeRate: '1',
  lines: [
    {
      lineNumber: 1,
      account: '607000',
      businessPartner: '',
      sense: 'debit',
      amountInCurrency: '12.35',
      amountInLedgerCurrency: '12.35',
      taxCode: '',
      description: 'Fees',
      dimensionType1: 'DEP',
      analyticalDimension1: 'ADMIN',
    },
    {
      lineNumber: 2,
      account: '512000',
      sense: 'credit',
      amountInCurrency: '12.35',
      amountInLedgerCurrency: '12.35',
      description: 'Bank',
    },
  ],
};
