export * from './entities';
export * from './hash/content-hash';
export * from './cross-references';
export * from './flows';
export * from './pending';
export * from './matching';
export * from './pairing';
export * from './operations';
