export * from './reset-pairing';
