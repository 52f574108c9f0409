// docs/reporting.md documents every reporting view and column: its views section is generated from
// the catalogue (npm run generate:reporting-docs), and this fails when the two drift apart.
import { readFileSync } from 'node:fs';
import { REPORTING_VIEWS } from '#lb/reporting';
import { BEGIN, END, renderedDoc, REPORTING_DOC } from './reporting-docs';

describe('docs/reporting.md', () => {
  const doc = readFileSync(REPORTING_DOC, 'utf8');

  it('is up to date with REPORTING_VIEWS (else: npm run generate:reporting-docs)', async () => {
    expect(await renderedDoc(doc)).toBe(doc);
  });

  it('names every view and every column in the generated part', () => {
    const generated = doc.slice(doc.indexOf(BEGIN), doc.indexOf(END));
    for (const view of REPORTING_VIEWS) {
      expect(generated).toContain(`### \`${view.name}\``);
      for (const column of view.columns) expect(generated).toContain(`| \`${column.name}\``);
    }
  });

  it('notices a catalogue change: a new column makes the committed file stale', async () => {
    const [first, ...rest] = REPORTING_VIEWS;
    const changed = [
      { ...first, columns: [...first.columns, { name: 'added', type: 'text' as const, description: 'New.' }] },
      ...rest,
    ];
    expect(await renderedDoc(doc, changed)).not.toBe(doc);
  });
});
