// Validator parts: lookup tables, the status map, defaults and options.
import {
  LOOKUP_VALUE_FIELDS,
  MAPPABLE_XERO_STATUSES,
  XERO_PAYMENT_TERM_TYPES,
  type LookupKind,
} from '../mapping-document';
import { parsePath } from '../compile/paths';
import { IssueList } from './document-checks';
import { checkExpression } from './check-expression';

/** What the field checks need to know of each table. */
export type LookupShapes = Map<string, { kind: unknown; keyFields: string[]; valueFields: Set<string> }>;

const LOOKUP_KINDS = Object.keys(LOOKUP_VALUE_FIELDS) as LookupKind[];
const TABLE_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export function checkLookups(lookups: unknown, issues: IssueList): LookupShapes {
  const shapes: LookupShapes = new Map();
  if (!issues.isArray(lookups, '$.lookups')) return shapes;
  lookups.forEach((table, i) => {
    const path = `$.lookups[${i}]`;
    if (!issues.isObject(table, path)) return;
    issues.onlyKeys(table, ['name', 'kind', 'keyFields', 'entries', 'ignoreCase'], path);
    const name = typeof table.name === 'string' ? table.name : '';
    if (!TABLE_NAME.test(name)) issues.add(`${path}.name`, 'must match [a-z0-9][a-z0-9_-]*');
    else if (shapes.has(name)) issues.add(`${path}.name`, `duplicates table '${name}'`);
    const kindOk = issues.isOneOf(table.kind, LOOKUP_KINDS, `${path}.kind`);
    const keyFields = stringList(table.keyFields, `${path}.keyFields`, issues);
    if (table.ignoreCase !== undefined && typeof table.ignoreCase !== 'boolean') {
      issues.add(`${path}.ignoreCase`, 'must be true or false');
    }
    const required = kindOk ? LOOKUP_VALUE_FIELDS[table.kind as LookupKind] : [];
    const valueFields = new Set<string>(required);
    if (issues.isArray(table.entries, `${path}.entries`)) {
      const seen = new Set<string>();
      table.entries.forEach((entry, j) => {
        const at = `${path}.entries[${j}]`;
        if (!issues.isObject(entry, at)) return;
        issues.onlyKeys(entry, ['key', 'value'], at);
        const key = stringList(entry.key, `${at}.key`, issues);
        if (key && keyFields && key.length !== keyFields.length) {
          issues.add(`${at}.key`, `must have ${keyFields.length} part(s): ${keyFields.join(', ')}`);
        }
        const joined = JSON.stringify(table.ignoreCase ? key?.map((part) => part.toLowerCase()) : key);
        if (key && seen.has(joined)) issues.add(`${at}.key`, 'duplicates an earlier entry');
        seen.add(joined);
        if (!issues.isObject(entry.value, `${at}.value`)) return;
        for (const [field, value] of Object.entries(entry.value)) {
          if (typeof value !== 'string') issues.add(`${at}.value.${field}`, 'must be a string');
          if (table.kind === 'custom') valueFields.add(field);
        }
        for (const field of required) {
          if (typeof entry.value[field] !== 'string' || entry.value[field] === '') {
            issues.add(`${at}.value.${field}`, `is required by a ${table.kind as string} table`);
          }
        }
      });
    }
    if (name && !shapes.has(name)) shapes.set(name, { kind: table.kind, keyFields: keyFields ?? [], valueFields });
  });
  return shapes;
}

function stringList(value: unknown, path: string, issues: IssueList): string[] | undefined {
  if (!issues.isArray(value, path)) return undefined;
  if (value.length === 0) issues.add(path, 'must not be empty');
  let ok = true;
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0) {
      issues.add(`${path}[${i}]`, 'must be a non-empty string');
      ok = false;
    }
  });
  return ok ? (value as string[]) : undefined;
}

function checkPathText(value: unknown, path: string, issues: IssueList): void {
  if (value === undefined || !issues.isString(value, path)) return;
  const parsed = parsePath(value as string);
  if (typeof parsed === 'string') issues.add(path, parsed);
}

const STATUS_TARGETS = [...MAPPABLE_XERO_STATUSES, 'skip'] as const;

function checkStatusTarget(value: unknown, path: string, issues: IssueList, extra: readonly string[] = []): void {
  if (value === 'PAID') {
    issues.add(path, 'PAID cannot be mapped: a document becomes paid only through payments and allocations');
    return;
  }
  issues.isOneOf(value, [...STATUS_TARGETS, ...extra], path);
}

export function checkStatusMap(statusMap: unknown, issues: IssueList): void {
  const path = '$.statusMap';
  if (!issues.isObject(statusMap, path)) return;
  issues.onlyKeys(statusMap, ['from', 'target', 'entries', 'otherwise'], path);
  checkPathText(statusMap.from, `${path}.from`, issues);
  checkPathText(statusMap.target, `${path}.target`, issues);
  if (issues.isObject(statusMap.entries, `${path}.entries`)) {
    for (const [code, target] of Object.entries(statusMap.entries)) {
      checkStatusTarget(target, `${path}.entries.${code}`, issues);
    }
  }
  if (statusMap.otherwise !== undefined) checkStatusTarget(statusMap.otherwise, `${path}.otherwise`, issues, ['keep']);
}

export function checkDefaults(defaults: unknown, issues: IssueList): void {
  const path = '$.defaults';
  if (!issues.isObject(defaults, path)) return;
  issues.onlyKeys(defaults, ['dueDate', 'paymentTerms'], path);
  const due = defaults.dueDate;
  if (due !== undefined && issues.isObject(due, `${path}.dueDate`)) {
    const rule = due.rule;
    const rules = ['days-after-invoice-date', 'day-of-following-month', 'end-of-month', 'end-of-following-month'];
    if (issues.isOneOf(rule, rules, `${path}.dueDate.rule`)) {
      if (rule === 'days-after-invoice-date') {
        issues.onlyKeys(due, ['rule', 'days'], `${path}.dueDate`);
        issues.isInteger(due.days, `${path}.dueDate.days`, 0, 3650);
      } else if (rule === 'day-of-following-month') {
        issues.onlyKeys(due, ['rule', 'day'], `${path}.dueDate`);
        issues.isInteger(due.day, `${path}.dueDate.day`, 1, 31);
      } else {
        issues.onlyKeys(due, ['rule'], `${path}.dueDate`);
      }
    }
  }
  const terms = defaults.paymentTerms;
  if (terms !== undefined && issues.isObject(terms, `${path}.paymentTerms`)) {
    issues.onlyKeys(terms, ['sales', 'bills'], `${path}.paymentTerms`);
    for (const side of ['sales', 'bills'] as const) {
      const term: unknown = terms[side];
      const at = `${path}.paymentTerms.${side}`;
      if (term === undefined || !issues.isObject(term, at)) continue;
      issues.onlyKeys(term, ['day', 'type'], at);
      const monthly = term.type === 'OFCURRENTMONTH' || term.type === 'OFFOLLOWINGMONTH';
      issues.isInteger(term.day, `${at}.day`, monthly ? 1 : 0, monthly ? 31 : 3650);
      issues.isOneOf(term.type, XERO_PAYMENT_TERM_TYPES, `${at}.type`);
    }
  }
}

export function checkOptions(options: unknown, issues: IssueList, shapes: LookupShapes): void {
  const path = '$.options';
  if (!issues.isObject(options, path)) return;
  issues.onlyKeys(options, ['rateSource', 'filter', 'tracking'], path);
  const tracking = options.tracking;
  if (tracking !== undefined && issues.isObject(tracking, `${path}.tracking`)) {
    issues.onlyKeys(tracking, ['table'], `${path}.tracking`);
    if (issues.isString(tracking.table, `${path}.tracking.table`)) {
      const shape = shapes.get(tracking.table as string);
      if (!shape) issues.add(`${path}.tracking.table`, `no lookup table named '${String(tracking.table)}'`);
      else if (shape.kind !== 'tracking' || shape.keyFields.length !== 2) {
        issues.add(`${path}.tracking.table`, 'must name a tracking table keyed (dimension type, dimension)');
      }
    }
  }
  const rate = options.rateSource;
  if (rate !== undefined && issues.isObject(rate, `${path}.rateSource`)) {
    if (rate.kind === 'document') issues.onlyKeys(rate, ['kind'], `${path}.rateSource`);
    else if (rate.kind === 'named') {
      issues.onlyKeys(rate, ['kind', 'name'], `${path}.rateSource`);
      issues.isString(rate.name, `${path}.rateSource.name`);
    } else issues.add(`${path}.rateSource.kind`, 'must be document or named');
  }
  const filter = options.filter;
  if (filter !== undefined && issues.isObject(filter, `${path}.filter`)) {
    issues.onlyKeys(filter, ['expression', 'reason'], `${path}.filter`);
    checkExpression(filter.expression, `${path}.filter.expression`, issues);
    issues.isString(filter.reason, `${path}.filter.reason`, { optional: true });
  }
}
