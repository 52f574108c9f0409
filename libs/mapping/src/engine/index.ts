export * from './mapping-document';
export * from './expression';
