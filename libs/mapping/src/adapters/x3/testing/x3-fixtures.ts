// Records shaped as the X3 connector returns them (references flattened to their key, lines in
// `lines`), with values from the sandbox's SEED-like folder. Test-only.
import type { AdapterContext, X3Shape } from '../../adapter-contract';
import { stamps } from './x3-fixture-stamps';

export const EUR_CTX: AdapterContext = { baseCurrency: 'EUR', x3Company: 'FR10', x3Site: 'FR011' };
export const GBP_CTX: AdapterContext = { baseCurrency: 'GBP', x3Company: 'GB10', x3Site: 'GB011' };

export const customerFR002: X3Shape = {
  _id: 'FR002',
  ...stamps,
  code: 'FR002',
  companyName: 'Lyon Électronique',
  isActive: true,
  category: 'FRA',
  currency: 'EUR',
  taxRule: 'FRA',
  paymentTerm: 'FRTAC60',
  creditLimit: '50000.00',
  billToCustomer: 'FR002',
  payByCustomer: 'FR002',
  defaultAddress: 'MAIN',
  email: 'accounts@fr002.example',
  lines: [
    {
      _id: 'FR002|MAIN',
      code: 'MAIN',
      description: 'Head office',
      addressLine1: '1 Lyon Électronique street',
      addressLine2: '',
      zipCode: '69002',
      city: 'Lyon',
      state: '',
      country: 'FR',
      isDefault: true,
      phone: '+33 4 72 00 00 00',
    },
    {
      _id: 'FR002|DEPOT',
      code: 'DEPOT',
      description: 'Depot',
      addressLine1: '12 rue du Port',
      zipCode: '69007',
      city: 'Lyon',
      country: 'FR',
      isDefault: false,
    },
  ],
};

export const supplierCN001: X3Shape = {
  _id: 'CN001',
  ...stamps,
  code: 'CN001',
  companyName: 'Shenzhen Components Co',
  isActive: true,
  category: 'STD',
  currency: 'EUR',
  taxRule: 'EXP',
  paymentTerm: 'FRTAC60',
  isPaymentBlocked: false,
};

export const productFIN003: X3Shape = {
  _id: 'FIN003',
  ...stamps,
  code: 'FIN003',
  description1: 'Workstation XL',
  description2: '',
  productCategory: 'FIN',
  productStatus: 'active',
  stockUnit: 'UN',
  salesUnit: 'UN',
  purchaseUnit: 'UN',
  basePrice: '1249.5000',
  accountingCode: 'FINPRODUCT',
  taxLevel: 'NOR',
  isSold: true,
  isPurchased: false,
};

export const account411: X3Shape = {
  _id: '411000',
  ...stamps,
  chartOfAccounts: 'PCG',
  code: '411000',
  description: 'Clients',
  shortDescription: 'Clients',
  classCode: '4',
  defaultTaxCode: null,
  isActive: true,
};

export const taxCodeFRN: X3Shape = {
  _id: 'FRN',
  ...stamps,
  code: 'FRN',
  description: 'TVA normale 20%',
  legislation: 'FRA',
  taxType: 'vat',
  rate: '20.000',
  isActive: true,
};

export const stockDIS007: X3Shape = {
  _id: 'DIS007|FR011',
  ...stamps,
  product: 'DIS007',
  site: 'FR011',
  physicalStock: '493.5',
  allocatedStock: '3.500',
  qualityControlStock: '0',
  averageCost: '4.5833',
};

export * from './x3-document-fixtures';
export * from './x3-finance-fixtures';
