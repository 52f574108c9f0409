export * from './apply-fix';
export * from './void-duplicate';
