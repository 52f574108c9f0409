export * from './starter-regions';
export * from './starter-templates';
export * from './reverse-templates';
export { invertFacts } from './reverse-lookup-tables';
