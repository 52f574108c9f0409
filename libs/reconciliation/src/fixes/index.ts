export * from './apply-fix';
