export * from './document-diff';
export * from './payload-diff';
