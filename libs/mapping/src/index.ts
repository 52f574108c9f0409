export * from './canonical';
export * from './adapters/adapter-contract';
