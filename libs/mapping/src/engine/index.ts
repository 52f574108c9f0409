export * from './mapping-document';
export * from './expression';
export * from './validate/document-checks';
export { validateMappingDocument, isMappingDocument } from './validate/validate-document';
export { validatePayload } from './validate/validate-payload';
export { compileMapping, MappingCompileError, type CompiledMapping } from './compile/compile-mapping';
export { dueDateFor } from './run/defaults';
export * from './run/outcome';
export { runMapping } from './run/run-mapping';
