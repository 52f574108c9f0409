// The strict validator of a mapping document: what the API runs at save time and compileMapping
// runs before compiling. Every issue names its JSON path; an expression's syntax error also
// carries its position in the expression text.
import { CANONICAL_ENTITIES } from '../../canonical';
import { parsePath } from '../compile/paths';
import { MAPPING_DOCUMENT_SCHEMA, type MappingDocument } from '../mapping-document';
import { IssueList, isJsonValue, type MappingIssue } from './document-checks';
import { checkExpression } from './check-expression';
import { checkDefaults, checkLookups, checkOptions, checkStatusMap, type LookupShapes } from './validate-parts';

const DIRECTIONS = ['x3-to-xero', 'xero-to-x3'] as const;
const DOCUMENT_KEYS = [
  'schema',
  'entity',
  'direction',
  'fields',
  'lookups',
  'statusMap',
  'defaults',
  'options',
  'description',
];
const FIELD_KEYS = ['target', 'source', 'mode', 'required', 'note'];

/** All problems of `doc`; an empty list means it may be saved and compiled. */
export function validateMappingDocument(doc: unknown): MappingIssue[] {
  const issues = new IssueList();
  if (!issues.isObject(doc, '$')) return issues.issues;
  issues.onlyKeys(doc, DOCUMENT_KEYS, '$');
  if (doc.schema !== MAPPING_DOCUMENT_SCHEMA) issues.add('$.schema', `must be ${MAPPING_DOCUMENT_SCHEMA}`);
  issues.isOneOf(doc.entity, CANONICAL_ENTITIES, '$.entity');
  issues.isOneOf(doc.direction, DIRECTIONS, '$.direction');
  issues.isString(doc.description, '$.description', { optional: true, nonEmpty: false });
  const shapes = checkLookups(doc.lookups, issues);
  if (issues.isArray(doc.fields, '$.fields')) {
    doc.fields.forEach((field, i) => checkField(field, `$.fields[${i}]`, shapes, issues));
  }
  if (doc.statusMap !== undefined) checkStatusMap(doc.statusMap, issues);
  if (doc.defaults !== undefined) checkDefaults(doc.defaults, issues);
  if (doc.options !== undefined) checkOptions(doc.options, issues, shapes);
  return issues.issues;
}

/** Type guard over validateMappingDocument, for callers that only need yes or no. */
export function isMappingDocument(doc: unknown): doc is MappingDocument {
  return validateMappingDocument(doc).length === 0;
}

function checkPath(value: unknown, path: string, issues: IssueList): { line: boolean } | undefined {
  if (!issues.isString(value, path)) return undefined;
  const parsed = parsePath(value as string);
  if (typeof parsed === 'string') {
    issues.add(path, parsed);
    return undefined;
  }
  return { line: parsed.lineSegment !== -1 };
}

function checkField(field: unknown, path: string, shapes: LookupShapes, issues: IssueList): void {
  if (!issues.isObject(field, path)) return;
  issues.onlyKeys(field, FIELD_KEYS, path);
  const target = checkPath(field.target, `${path}.target`, issues);
  issues.isOneOf(field.mode, ['set', 'default'] as const, `${path}.mode`, true);
  if (field.required !== undefined && typeof field.required !== 'boolean') {
    issues.add(`${path}.required`, 'must be true or false');
  }
  issues.isString(field.note, `${path}.note`, { optional: true, nonEmpty: false });
  const source = field.source;
  const at = `${path}.source`;
  if (!issues.isObject(source, at)) return;
  const usesLine = (found: { line: boolean } | undefined, where: string) => {
    if (found?.line && target && !target.line) issues.add(where, "uses '[]' but the target is not a line path");
  };
  switch (source.kind) {
    case 'copy':
      issues.onlyKeys(source, ['kind', 'from', 'origin'], at);
      usesLine(checkPath(source.from, `${at}.from`, issues), `${at}.from`);
      issues.isOneOf(source.origin, ['canonical', 'source'] as const, `${at}.origin`, true);
      return;
    case 'constant':
      issues.onlyKeys(source, ['kind', 'value'], at);
      if (!('value' in source) || !isJsonValue(source.value)) issues.add(`${at}.value`, 'must be a JSON value');
      return;
    case 'lookup':
      issues.onlyKeys(source, ['kind', 'table', 'key', 'field'], at);
      checkLookupUse(source, at, shapes, issues, usesLine);
      return;
    case 'expression':
      issues.onlyKeys(source, ['kind', 'expression'], at);
      checkExpression(source.expression, `${at}.expression`, issues);
      return;
    default:
      issues.add(`${at}.kind`, 'must be one of copy, constant, lookup, expression');
  }
}

function checkLookupUse(
  source: Record<string, unknown>,
  at: string,
  shapes: LookupShapes,
  issues: IssueList,
  usesLine: (found: { line: boolean } | undefined, where: string) => void,
): void {
  if (!issues.isString(source.table, `${at}.table`)) return;
  const shape = shapes.get(source.table as string);
  if (!shape) issues.add(`${at}.table`, `names no lookup table in $.lookups`);
  if (issues.isArray(source.key, `${at}.key`)) {
    source.key.forEach((part, i) => usesLine(checkPath(part, `${at}.key[${i}]`, issues), `${at}.key[${i}]`));
    if (shape && source.key.length !== shape.keyFields.length) {
      issues.add(`${at}.key`, `must give ${shape.keyFields.length} part(s): ${shape.keyFields.join(', ')}`);
    }
  }
  if (source.field !== undefined && issues.isString(source.field, `${at}.field`) && shape) {
    if (!shape.valueFields.has(source.field as string)) {
      issues.add(`${at}.field`, `is not a value field of table '${source.table as string}'`);
    }
  }
}
