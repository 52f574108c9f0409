// Xero's official OpenAPI files, vendored verbatim (MIT) under apps/sandbox/specs/xero with their
// provenance and SHA-256 in SOURCE.md. Conformance reads only these files, and only after their
// hash matches the one SOURCE.md records: a fidelity check against an edited (or other) spec
// would prove nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { requireEsm } from '../core/esm';

export const SPEC_DIR = resolve(__dirname, '../../../specs/xero');

export type SpecFile = 'xero_accounting.yaml' | 'xero-identity.yaml' | 'xero-webhooks.yaml' | 'xero-app-store.yaml';

/** The SHA-256 SOURCE.md records for a file (its table row: | `file` | … | `hash` | …). */
export function recordedHash(sourceMd: string, file: string): string | undefined {
  const row = sourceMd.split('\n').find((l) => l.startsWith(`| \`${file}\` |`));
  return row ? /`([0-9a-f]{64})`/.exec(row)?.[1] : undefined;
}

/** Throws unless `text` hashes to what SOURCE.md records for `file`. */
export function checkPinned(file: string, text: Buffer | string, sourceMd: string): void {
  const expected = recordedHash(sourceMd, file);
  if (!expected) throw new Error(`SOURCE.md records no SHA-256 for ${file}`);
  const actual = createHash('sha256').update(text).digest('hex');
  if (actual !== expected) {
    throw new Error(`${file} is not the vendored spec: SHA-256 ${actual}, SOURCE.md records ${expected}`);
  }
}

/** The text of a vendored spec file, refused if it differs from the pinned one. */
export function pinnedSpecText(file: SpecFile): string {
  const bytes = readFileSync(`${SPEC_DIR}/${file}`);
  checkPinned(file, bytes, readFileSync(`${SPEC_DIR}/SOURCE.md`, 'utf8'));
  return bytes.toString('utf8');
}

interface Parameter {
  $ref?: string;
  name?: string;
  in?: string;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  responses?: Record<string, unknown>;
}

export interface SpecDocument {
  paths: Record<string, Record<string, Operation | Parameter[] | undefined>>;
  components?: { parameters?: Record<string, Parameter> };
}

const parsed = new Map<SpecFile, SpecDocument>();

/** The parsed (pinned) spec; parsed once per test file. */
export function specDocument(file: SpecFile): SpecDocument {
  let doc = parsed.get(file);
  if (!doc) {
    const { parse } = requireEsm<{ parse: (s: string) => SpecDocument }>('yaml');
    doc = parse(pinnedSpecText(file));
    parsed.set(file, doc);
  }
  return doc;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** "GET /Accounts"-style keys of the operations that declare a header parameter of that name. */
export function operationsWithHeader(header: string, file: SpecFile = 'xero_accounting.yaml'): Set<string> {
  const doc = specDocument(file);
  const resolveParam = (p: Parameter): Parameter =>
    p.$ref ? (doc.components?.parameters?.[p.$ref.split('/').pop()!] ?? p) : p;
  const out = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = ((item.parameters as Parameter[] | undefined) ?? []).map(resolveParam);
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const params = [...shared, ...(op.parameters ?? []).map(resolveParam)];
      if (params.some((p) => p.in === 'header' && p.name?.toLowerCase() === header.toLowerCase()))
        out.add(`${method.toUpperCase()} ${path}`);
    }
  }
  return out;
}
