// Static refusals on a parsed JSONata expression, before it ever runs: names that reach into
// prototypes, `$eval` (it would parse and run text our checks never saw), and regexes whose
// nested or alternated quantifiers can backtrack for minutes inside one native call.

export interface Refusal {
  message: string;
  position: number;
  token?: string;
}

const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__lookupGetter__']);
const FORBIDDEN_FUNCTIONS = new Set(['eval']);

interface AstNode {
  type?: string;
  value?: unknown;
  position?: number;
}

export function refusalsIn(ast: unknown): Refusal[] {
  const refusals: Refusal[] = [];
  walk(ast, refusals);
  return refusals;
}

function walk(value: unknown, refusals: Refusal[]): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, refusals);
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof RegExp) return;
  const node = value as AstNode;
  const refusal = refusalOf(node);
  if (refusal) refusals.push(refusal);
  for (const key of Object.keys(node)) {
    if (key !== 'value') walk((node as Record<string, unknown>)[key], refusals);
  }
}

function refusalOf(node: AstNode): Refusal | undefined {
  const position = node.position ?? 0;
  if ((node.type === 'name' || node.type === 'string') && typeof node.value === 'string') {
    if (FORBIDDEN_NAMES.has(node.value)) {
      return { message: `'${node.value}' is not accessible in a mapping expression`, position, token: node.value };
    }
  }
  if (node.type === 'variable' && typeof node.value === 'string') {
    if (FORBIDDEN_FUNCTIONS.has(node.value) || FORBIDDEN_NAMES.has(node.value)) {
      return { message: `$${node.value} is not available in a mapping expression`, position, token: node.value };
    }
  }
  if (node.type === 'regex' && node.value instanceof RegExp && backtracksCatastrophically(node.value.source)) {
    return {
      message: `the regex /${node.value.source}/ repeats a group that itself repeats or alternates (catastrophic backtracking)`,
      position,
      token: node.value.source,
    };
  }
  return undefined;
}

interface Group {
  risky: boolean;
}

/** True when a group holding a quantifier or an alternation is itself repeated (`(a+)+`, `(a|a)*`). */
export function backtracksCatastrophically(source: string): boolean {
  const stack: Group[] = [{ risky: false }];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      inClass = char !== ']';
      continue;
    }
    const top = stack[stack.length - 1];
    if (char === '[') inClass = true;
    else if (char === '(') stack.push({ risky: false });
    else if (char === '|') top.risky = true;
    else if (char === '*' || char === '+' || char === '{') top.risky = true;
    else if (char === ')' && stack.length > 1) {
      const group = stack.pop() as Group;
      const next = source[i + 1];
      const repeated = next === '*' || next === '+' || next === '{';
      if (repeated && group.risky) return true;
      stack[stack.length - 1].risky ||= group.risky || repeated;
    }
  }
  return false;
}
