// The pieces every part of the flow check shares: the issue list, shape helpers, the mapping
// reference and the JSONata condition checks.
import { ExpressionRefusedError, compileExpression } from '#lb/mapping';
import type { FlowDocument } from './flow-document';

export interface FlowIssue {
  /** Where in the document: `$.steps[2].expression`. */
  path: string;
  message: string;
  /** Character offset in a condition's expression, for a JSONata error. */
  position?: number;
}

export const MAPPING_DIRECTIONS = ['x3-to-xero', 'xero-to-x3'] as const;
export const FLOW_ACTIONS = ['upsert', 'create-only', 'flag'] as const;

export type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const oneOf = <T extends string>(values: readonly T[], v: unknown): v is T => values.includes(v as T);
export const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export class Issues {
  readonly all: FlowIssue[] = [];
  add(path: string, message: string, position?: number): void {
    this.all.push(position === undefined ? { path, message } : { path, message, position });
  }
  /** Refuses keys the shape does not know. */
  only(value: Obj, path: string, keys: readonly string[]): void {
    for (const key of Object.keys(value)) if (!keys.includes(key)) this.add(`${path}.${key}`, 'is not a known field');
  }
  enumField(value: Obj, path: string, key: string, values: readonly string[], required = true): void {
    if (value[key] === undefined && !required) return;
    if (!oneOf(values, value[key])) this.add(`${path}.${key}`, `must be one of ${list(values)}`);
  }
}

export function checkMappingRef(
  issues: Issues,
  ref: unknown,
  path: string,
  direction: FlowDocument['direction'] | undefined,
): string | undefined {
  if (!isObject(ref)) {
    issues.add(path, 'must name a mapping direction and version');
    return undefined;
  }
  issues.only(ref, path, ['direction', 'version']);
  issues.enumField(ref, path, 'direction', MAPPING_DIRECTIONS);
  const version = ref.version;
  if (version !== 'active' && !(typeof version === 'number' && Number.isInteger(version) && version >= 1)) {
    issues.add(`${path}.version`, "must be a version number (1, 2 …) or 'active'");
  }
  if (!oneOf(MAPPING_DIRECTIONS, ref.direction)) return undefined;
  if (direction && direction !== 'both-ways' && ref.direction !== direction) {
    issues.add(`${path}.direction`, `must be ${direction}, the flow's direction`);
  }
  return ref.direction;
}

export function checkCondition(issues: Issues, expression: unknown, path: string): void {
  if (typeof expression !== 'string' || expression.trim() === '')
    return issues.add(path, 'must be a JSONata expression');
  try {
    compileExpression(expression);
  } catch (error) {
    if (!(error instanceof ExpressionRefusedError)) throw error;
    issues.add(path, error.reason, error.position);
  }
}
