export * from './starter-regions';
export * from './starter-templates';
