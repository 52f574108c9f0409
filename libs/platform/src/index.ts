export * from './platform.module';
export * from './require-esm';
