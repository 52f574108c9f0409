export * from './platform.module';
export * from './require-esm';
export * from './keep-alive';
