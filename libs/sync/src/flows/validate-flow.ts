// The strict save-time check of a flow document: every problem, each with its path, and nothing
// unknown let through (a typo in an option must not silently mean "default").
import { CANONICAL_ENTITIES } from '#lb/mapping';
import type { FlowDocument } from './flow-document';
import {
  checkCondition,
  checkMappingRef,
  FlowIssue,
  isObject,
  Issues,
  list,
  FLOW_ACTIONS as ACTIONS,
  MAPPING_DIRECTIONS,
  oneOf,
} from './flow-issues';
import { checkGraph } from './validate-flow-graph';

export type { FlowIssue } from './flow-issues';

export const FLOW_DIRECTIONS = ['x3-to-xero', 'xero-to-x3', 'both-ways'] as const;
export const CONFLICT_RULES = ['x3-wins', 'xero-wins', 'newest-wins'] as const;
const DELETIONS = ['flag', 'void-with-approval'] as const;
/** X3 polling every 5 s is the fastest the latency target needs; a day is the slowest that makes sense. */
export const TRIGGER_INTERVAL_SECONDS = { min: 5, max: 86_400 };
const MAX_STEPS = 20;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[\])*$/;

export function validateFlowDocument(document: unknown): FlowIssue[] {
  const issues = new Issues();
  if (!isObject(document)) {
    issues.add('$', 'must be an object');
    return issues.all;
  }
  issues.only(document, '$', ['entity', 'direction', 'trigger', 'steps', 'options', 'enabled', 'graph']);
  issues.enumField(document, '$', 'entity', CANONICAL_ENTITIES);
  issues.enumField(document, '$', 'direction', FLOW_DIRECTIONS);
  if (typeof document.enabled !== 'boolean') issues.add('$.enabled', 'must be true or false');
  const direction = oneOf(FLOW_DIRECTIONS, document.direction) ? document.direction : undefined;
  checkTrigger(issues, document.trigger, direction);
  if (document.graph === undefined) checkSteps(issues, document.steps, direction);
  else {
    // a graph flow's steps are its nodes: a second, linear list would say something else
    if (!Array.isArray(document.steps) || document.steps.length !== 0)
      issues.add('$.steps', 'must be an empty list in a flow with a graph');
    checkGraph(issues, document.graph, direction);
  }
  checkOptions(issues, document.options, direction, document.entity);
  return issues.all;
}

export function isFlowDocument(document: unknown): document is FlowDocument {
  return validateFlowDocument(document).length === 0;
}

function checkTrigger(issues: Issues, trigger: unknown, direction: FlowDocument['direction'] | undefined): void {
  const path = '$.trigger';
  if (!isObject(trigger)) return issues.add(path, 'must be an object with a kind');
  const kinds = ['schedule', 'webhook', 'x3-poll', 'manual'] as const;
  if (!oneOf(kinds, trigger.kind)) return issues.add(`${path}.kind`, `must be one of ${list(kinds)}`);
  const timed = trigger.kind === 'schedule' || trigger.kind === 'x3-poll';
  issues.only(trigger, path, timed ? ['kind', 'everySeconds'] : ['kind']);
  if (timed) {
    const every = trigger.everySeconds;
    const { min, max } = TRIGGER_INTERVAL_SECONDS;
    if (typeof every !== 'number' || !Number.isInteger(every) || every < min || every > max) {
      issues.add(`${path}.everySeconds`, `must be a whole number of seconds from ${min} to ${max}`);
    }
  }
  // Webhooks report Xero's changes and X3 polling reads X3's: the flow must read that side.
  if (trigger.kind === 'webhook' && direction === 'x3-to-xero') {
    issues.add(`${path}.kind`, "a webhook trigger needs a flow that reads Xero ('xero-to-x3' or 'both-ways')");
  }
  if (trigger.kind === 'x3-poll' && direction === 'xero-to-x3') {
    issues.add(`${path}.kind`, "an x3-poll trigger needs a flow that reads X3 ('x3-to-xero' or 'both-ways')");
  }
}

function checkSteps(issues: Issues, steps: unknown, direction: FlowDocument['direction'] | undefined): void {
  const path = '$.steps';
  if (!Array.isArray(steps) || steps.length === 0) return issues.add(path, 'must be a non-empty list');
  if (steps.length > MAX_STEPS) issues.add(path, `must have at most ${MAX_STEPS} steps`);
  const transforms = new Set<string>();
  steps.forEach((step, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(step)) return issues.add(at, 'must be an object with a kind');
    if (step.kind === 'transform') {
      issues.only(step, at, ['kind', 'mapping']);
      const ref = checkMappingRef(issues, step.mapping, `${at}.mapping`, direction);
      if (ref) transforms.add(ref);
    } else if (step.kind === 'condition') {
      issues.only(step, at, ['kind', 'expression']);
      checkCondition(issues, step.expression, `${at}.expression`);
    } else if (step.kind === 'action') {
      issues.only(step, at, ['kind', 'action']);
      issues.enumField(step, at, 'action', ACTIONS);
      if (i !== steps.length - 1) issues.add(at, 'the action must be the last step');
    } else {
      issues.add(`${at}.kind`, "must be one of 'transform', 'condition', 'action'");
    }
  });
  const last = steps[steps.length - 1] as unknown;
  if (!isObject(last) || last.kind !== 'action') issues.add(path, 'must end with an action step');
  const needed = direction === 'both-ways' ? MAPPING_DIRECTIONS : direction ? [direction] : [];
  for (const d of needed) if (!transforms.has(d)) issues.add(path, `needs a transform step for ${d}`);
}

function checkOptions(
  issues: Issues,
  options: unknown,
  direction: FlowDocument['direction'] | undefined,
  entity: unknown,
): void {
  const path = '$.options';
  if (!isObject(options)) return issues.add(path, 'must be an object');
  issues.only(options, path, [
    'conflictRules',
    'defaultConflictRule',
    'cutOverDate',
    'deletions',
    'x3Scope',
    'draftOn',
  ]);
  if (options.draftOn !== undefined) {
    if (entity !== 'salesOrder' || direction !== 'x3-to-xero')
      issues.add(`${path}.draftOn`, 'applies only to an x3-to-xero salesOrder flow');
    issues.enumField(options, path, 'draftOn', ['entry', 'shipment'], false);
  }
  const bothWays = direction === 'both-ways';
  if (options.conflictRules !== undefined) {
    if (!bothWays) issues.add(`${path}.conflictRules`, 'applies only to a both-ways flow');
    if (!isObject(options.conflictRules)) {
      issues.add(`${path}.conflictRules`, 'must map field paths to rules');
    } else {
      for (const [field, rule] of Object.entries(options.conflictRules)) {
        const at = `${path}.conflictRules["${field}"]`;
        if (!FIELD_PATH.test(field)) issues.add(at, 'is not a field path like name or addresses[].city');
        if (!oneOf(CONFLICT_RULES, rule)) issues.add(at, `must be one of ${list(CONFLICT_RULES)}`);
      }
    }
  }
  if (options.defaultConflictRule !== undefined) {
    if (!bothWays) issues.add(`${path}.defaultConflictRule`, 'applies only to a both-ways flow');
    issues.enumField(options, path, 'defaultConflictRule', CONFLICT_RULES);
  }
  if (options.cutOverDate !== undefined && !isCalendarDate(options.cutOverDate)) {
    issues.add(`${path}.cutOverDate`, 'must be a calendar date YYYY-MM-DD');
  }
  issues.enumField(options, path, 'deletions', DELETIONS, false);
  if (options.x3Scope !== undefined) checkX3Scope(issues, options.x3Scope, `${path}.x3Scope`);
}

// X3 codes: categories and currencies up to 20 characters; a site (FCY) is at most 5 in X3.
const X3_SCOPE_CODES = {
  categories: { pattern: /^[A-Za-z0-9_-]{1,20}$/, says: 'a list of at most 100 X3 codes' },
  currencies: { pattern: /^[A-Za-z0-9_-]{1,20}$/, says: 'a list of at most 100 X3 codes' },
  sites: {
    pattern: /^[A-Za-z0-9_-]{1,5}$/,
    says: 'a list of at most 100 X3 site codes (FCY, 1 to 5 letters or digits)',
  },
} as const;

function checkX3Scope(issues: Issues, scope: unknown, path: string): void {
  if (!isObject(scope)) return issues.add(path, 'must be an object with categories, currencies and/or sites');
  issues.only(scope, path, Object.keys(X3_SCOPE_CODES));
  for (const [field, rule] of Object.entries(X3_SCOPE_CODES)) {
    const list = scope[field];
    if (list === undefined) continue;
    const codes = Array.isArray(list) ? (list as unknown[]) : [];
    if (!Array.isArray(list) || list.length > 100 || codes.some((c) => typeof c !== 'string' || !rule.pattern.test(c)))
      issues.add(`${path}.${field}`, `must be ${rule.says}`);
  }
}

function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
