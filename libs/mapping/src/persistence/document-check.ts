// Save-time check of a mapping document. Every expression is compiled by the engine's own
// compiler (so a bad one is refused with its position, exactly as it would fail at run time), and
// the document's outline is checked here until the engine's full validator is wired in its place.
import { compileExpression, ExpressionRefusedError } from '../engine/expression';
import { MAPPABLE_XERO_STATUSES, MAPPING_DOCUMENT_SCHEMA } from '../engine/mapping-document';
import type { MappingDocumentCheck, DocumentIssue } from './mapping-validation';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const STATUS_TARGETS: readonly string[] = [...MAPPABLE_XERO_STATUSES, 'skip'];

function expressionIssue(path: string, text: unknown): DocumentIssue[] {
  if (typeof text !== 'string' || !text.trim()) return [{ path, message: 'an expression is required' }];
  try {
    compileExpression(text);
    return [];
  } catch (error) {
    if (error instanceof ExpressionRefusedError) return [{ path, message: error.reason, position: error.position }];
    throw error;
  }
}

function fieldIssues(fields: unknown): DocumentIssue[] {
  if (!Array.isArray(fields)) return [{ path: 'fields', message: 'must be a list of field mappings' }];
  return fields.flatMap((f: unknown, i): DocumentIssue[] => {
    const at = `fields[${i}]`;
    if (!isObject(f) || typeof f.target !== 'string' || !f.target) return [{ path: at, message: 'needs a target' }];
    const source = f.source;
    if (!isObject(source)) return [{ path: `${at}.source`, message: 'needs a source' }];
    switch (source.kind) {
      case 'expression':
        return expressionIssue(`${at}.source.expression`, source.expression);
      case 'copy':
        return typeof source.from === 'string' && source.from
          ? []
          : [{ path: `${at}.source.from`, message: 'needs a path' }];
      case 'lookup':
        return typeof source.table === 'string' ? [] : [{ path: `${at}.source.table`, message: 'names no table' }];
      case 'constant':
        return 'value' in source ? [] : [{ path: `${at}.source.value`, message: 'needs a value' }];
      default:
        return [{ path: `${at}.source.kind`, message: 'must be copy, constant, lookup or expression' }];
    }
  });
}

function statusMapIssues(map: unknown): DocumentIssue[] {
  if (map === undefined) return [];
  if (!isObject(map) || !isObject(map.entries)) return [{ path: 'statusMap.entries', message: 'must map statuses' }];
  const bad = Object.entries(map.entries).filter(([, to]) => typeof to !== 'string' || !STATUS_TARGETS.includes(to));
  const otherwise = map.otherwise;
  return [
    ...bad.map(([from, to]) => ({
      path: `statusMap.entries.${from}`,
      message: `${String(to)} is not a status a mapping may set (${STATUS_TARGETS.join(', ')}); PAID comes only from payments`,
    })),
    ...(otherwise === undefined || otherwise === 'keep' || STATUS_TARGETS.includes(otherwise as string)
      ? []
      : [{ path: 'statusMap.otherwise', message: `${JSON.stringify(otherwise)} is not a status a mapping may set` }]),
  ];
}

export const checkMappingDocument: MappingDocumentCheck = (document, expected) => {
  if (!isObject(document)) return [{ path: '', message: 'a mapping document must be an object' }];
  const lookups = document.lookups;
  const options = isObject(document.options) ? document.options : undefined;
  const filter = options && isObject(options.filter) ? options.filter : undefined;
  return [
    ...(document.schema === MAPPING_DOCUMENT_SCHEMA
      ? []
      : [{ path: 'schema', message: `must be ${MAPPING_DOCUMENT_SCHEMA}` }]),
    ...(document.entity === expected.entity
      ? []
      : [{ path: 'entity', message: `must be ${expected.entity} (the mapping's entity)` }]),
    ...(document.direction === expected.direction
      ? []
      : [{ path: 'direction', message: `must be ${expected.direction} (the mapping's direction)` }]),
    ...fieldIssues(document.fields),
    ...(Array.isArray(lookups) ? [] : [{ path: 'lookups', message: 'must be a list of lookup tables' }]),
    ...statusMapIssues(document.statusMap),
    ...(filter ? expressionIssue('options.filter.expression', filter.expression) : []),
  ];
};
