export * from './suggestion-types';
export * from './vocabulary';
export * from './account-roles';
export * from './account-suggestions';
export * from './tax-suggestions';
export * from './assignment';
