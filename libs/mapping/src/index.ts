export * from './canonical';
export * from './adapters/adapter-contract';
export * from './engine';
export * from './persistence';
export * from './adapters/x3';
export * from './money';
export * from './templates';
export * from './corpus';
