// Reads the official `stripe` package's type definitions as text, so conformance checks follow the
// pinned package (field lists, object names, status unions) instead of a copy that could drift.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The package's CommonJS entry sits in cjs/, beside the resources' .d.ts files.
const RESOURCES = join(dirname(require.resolve('stripe')), 'resources');

function source(file: string): string {
  return readFileSync(join(RESOURCES, file), 'utf8');
}

function block(text: string, header: RegExp): string {
  const start = text.search(header);
  if (start < 0) throw new Error(`not found in the stripe types: ${String(header)}`);
  const end = text.indexOf('\n}', start);
  return text.slice(start, end);
}

export interface InterfaceShape {
  /** Fields the type declares, and whether each is optional (`?:`) and may be null. */
  fields: Map<string, { optional: boolean; nullable: boolean; type: string }>;
  /** The literal of `object: '…'`. */
  object?: string;
}

/** The top-level fields of `export interface {name}` in resources/{file}. */
export function interfaceShape(file: string, name: string): InterfaceShape {
  const body = block(source(file), new RegExp(`^export interface ${name}(?: extends \\w+)? \\{`, 'm'));
  const fields = new Map<string, { optional: boolean; nullable: boolean; type: string }>();
  for (const m of body.matchAll(/^ {4}([a-z_0-9]+)(\??): (.+?);?$/gm))
    fields.set(m[1], { optional: m[2] === '?', nullable: /\| null\b/.test(m[3]), type: m[3] });
  const object = /^ {4}object: '([^']+)';/m.exec(body)?.[1];
  return { fields, object };
}

/** The string literals of `type {type} = 'a' | 'b' | OtherString` inside `namespace {ns}`. */
export function unionValues(file: string, ns: string, type: string): string[] {
  const body = block(source(file), new RegExp(`^export declare namespace ${ns} \\{`, 'm'));
  const line = new RegExp(`^ {4}type ${type} = (.+);$`, 'm').exec(body)?.[1];
  if (!line) throw new Error(`no ${ns}.${type} in ${file}`);
  return [...line.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

export interface Problem {
  path: string;
  problem: string;
}

/**
 * A response against a declared shape: every required field present (null only where the type
 * allows it), no field the type does not declare, the object name as declared.
 */
export function checkShape(doc: Record<string, unknown>, shape: InterfaceShape, path: string): Problem[] {
  const problems: Problem[] = [];
  if (shape.object && doc.object !== shape.object)
    problems.push({ path: `${path}.object`, problem: `is ${JSON.stringify(doc.object)}, declared ${shape.object}` });
  for (const [name, f] of shape.fields) {
    if (f.optional || name === 'deleted') continue;
    if (!(name in doc)) problems.push({ path: `${path}.${name}`, problem: 'missing' });
    else if (doc[name] === null && !f.nullable)
      problems.push({ path: `${path}.${name}`, problem: `null, declared ${f.type}` });
  }
  for (const name of Object.keys(doc))
    if (!shape.fields.has(name)) problems.push({ path: `${path}.${name}`, problem: 'not declared' });
  return problems;
}
