export * from './apply-fix';
export * from './void-duplicate';
export * from './create-in-x3';
