export * from './mapping-document';
