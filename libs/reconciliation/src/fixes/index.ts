export * from './apply-fix';
export * from './void-duplicate';
export * from './create-in-x3';
export * from './carry-payment';
