export * from './safe-expression';
export * from './expression-errors';
