export * from './crypto.module';
export * from './key-ring';
export * from './secret-box';
export * from './secret-store';
