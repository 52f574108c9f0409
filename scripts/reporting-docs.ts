// `npm run generate:reporting-docs`: writes the views section of docs/reporting.md from the
// catalogue (REPORTING_VIEWS), the same list the api answers with and the SQL is built from. The
// prose around it is written by hand; only the part between the markers is generated. With
// --check it changes nothing and fails when the file differs (scripts/reporting-docs.spec.ts
// runs the same check in the unit suite, so a changed view cannot ship with stale docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MAX_ACTIVE_REPORTING_KEYS, REPORTING_VIEWS, ReportingView } from '#lb/reporting';

export const REPORTING_DOC = join(__dirname, '..', 'docs', 'reporting.md');
export const BEGIN = '<!-- BEGIN generated views: npm run generate:reporting-docs (scripts/reporting-docs.ts) -->';
export const END = '<!-- END generated views -->';

interface Prettier {
  format(text: string, options: Record<string, unknown>): Promise<string>;
  resolveConfig(path: string): Promise<Record<string, unknown> | null>;
}

/** Prettier formats the docs (npm run lint checks them): the generated text is formatted the same way. */
function prettier(): Prettier {
  // under jest, Node's own require (scripts/testing/native-esm.environment.js): prettier loads ESM inside
  const native = (globalThis as { __nativeRequire?: NodeJS.Require }).__nativeRequire;
  return (native ?? require)('prettier') as Prettier;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function viewMarkdown(v: ReportingView): string {
  const filter = v.perIntegration
    ? '`?integration=` filters it to one integration.'
    : '`?integration=` does not apply (it is ignored).';
  return [
    `### \`${v.name}\``,
    '',
    `${v.description} ${filter}`,
    '',
    '| column | type | meaning |',
    '| --- | --- | --- |',
    ...v.columns.map((c) => `| \`${c.name}\` | ${c.type} | ${cell(c.description)} |`),
    '',
  ].join('\n');
}

/** The generated part, markers included. */
export function viewsSection(views: ReportingView[] = REPORTING_VIEWS): string {
  return [
    BEGIN,
    '',
    `${views.length} views; at most ${MAX_ACTIVE_REPORTING_KEYS} active keys per organisation.`,
    '',
    ...views.map(viewMarkdown),
    END,
  ].join('\n');
}

/** The document with its generated part replaced, formatted as Prettier would. */
export async function renderedDoc(current: string, views: ReportingView[] = REPORTING_VIEWS): Promise<string> {
  const from = current.indexOf(BEGIN);
  const to = current.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${relative(process.cwd(), REPORTING_DOC)} lacks the markers ${BEGIN}`);
  const text = current.slice(0, from) + viewsSection(views) + current.slice(to + END.length);
  const p = prettier();
  return p.format(text, { ...(await p.resolveConfig(REPORTING_DOC)), filepath: REPORTING_DOC });
}

async function main(): Promise<number> {
  const current = readFileSync(REPORTING_DOC, 'utf8');
  const next = await renderedDoc(current);
  const name = relative(process.cwd(), REPORTING_DOC);
  if (process.argv.includes('--check')) {
    if (next === current) return 0;
    console.error(`${name} is stale: run npm run generate:reporting-docs`);
    return 1;
  }
  writeFileSync(REPORTING_DOC, next);
  console.log(next === current ? `${name} was up to date` : `wrote ${name}`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`generating docs/reporting.md failed: ${(error as Error).stack ?? String(error)}`);
      process.exit(1);
    },
  );
}
