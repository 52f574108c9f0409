export * from './x3-invoice-corpus';
export * from './x3-arithmetic';
export * from './xero-arithmetic';
export * from './base-expressibility';
export { prng } from './prng';
export type { Prng } from './prng';
