import { compileMapping, MappingCompileError } from '../compile/compile-mapping';
import { invoiceDocument } from '../testing/invoice-document';
import { dueDateFor } from '../run/defaults';
import { validateMappingDocument } from './validate-document';

type Loose = Record<string, unknown>;

function issuesOf(doc: unknown) {
  return validateMappingDocument(doc);
}

function withChange(change: (doc: Loose) => void): Loose {
  const doc = JSON.parse(JSON.stringify(invoiceDocument())) as Loose;
  change(doc);
  return doc;
}

describe('validateMappingDocument', () => {
  it('accepts the test document', () => {
    expect(issuesOf(invoiceDocument())).toEqual([]);
  });

  it('names the JSON path of every structural problem, unknown keys included', () => {
    const doc = withChange((d) => {
      d.schema = 2;
      d.entity = 'order';
      d.extra = true;
      (d.fields as Loose[])[0].target = 'lineItems[].__proto__';
      (d.fields as Loose[])[1].source = { kind: 'copy', from: 'a..b' };
      (d.fields as Loose[])[2].source = { kind: 'magic' };
      (d.fields as Loose[])[3].mode = 'merge';
    });
    expect(issuesOf(doc).map((issue) => issue.path)).toEqual([
      '$.extra',
      '$.schema',
      '$.entity',
      '$.fields[0].target',
      '$.fields[1].source.from',
      '$.fields[2].source.kind',
      '$.fields[3].mode',
    ]);
  });

  it('refuses a bad expression with its position in the expression', () => {
    const doc = withChange((d) => {
      (d.fields as Loose[]).push({ target: 'reference', source: { kind: 'expression', expression: 'key & ' } });
      (d.fields as Loose[]).push({ target: 'url', source: { kind: 'expression', expression: 'lines.`constructor`' } });
    });
    const issues = issuesOf(doc);
    expect(issues).toEqual([
      { path: '$.fields[5].source.expression', message: expect.stringContaining('position 6') as string, position: 6 },
      {
        path: '$.fields[6].source.expression',
        message: expect.stringContaining('constructor') as string,
        position: 19,
      },
    ]);
    expect(() => compileMapping(doc as never)).toThrow(MappingCompileError);
    try {
      compileMapping(doc as never);
    } catch (error) {
      expect((error as MappingCompileError).issues[0].position).toBe(6);
    }
  });

  it('refuses PAID and unknown statuses in the status map', () => {
    const doc = withChange((d) => {
      d.statusMap = { entries: { '4': 'PAID', '5': 'APPROVED' }, otherwise: 'PAID' };
    });
    expect(issuesOf(doc)).toEqual([
      {
        path: '$.statusMap.entries.4',
        message: 'PAID cannot be mapped: a document becomes paid only through payments and allocations',
      },
      { path: '$.statusMap.entries.5', message: 'must be one of DRAFT, SUBMITTED, AUTHORISED, VOIDED, DELETED, skip' },
      { path: '$.statusMap.otherwise', message: expect.stringContaining('PAID cannot be mapped') as string },
    ]);
  });

  it('checks lookup tables: kind value fields, key arity, duplicates, references from fields', () => {
    const doc = withChange((d) => {
      const lookups = d.lookups as Loose[];
      (lookups[0].entries as Loose[]).push({ key: ['GOODS'], value: { accountCode: '1' } });
      (lookups[0].entries as Loose[]).push({ key: ['GOODS', 'FRA'], value: { accountCode: '2' } });
      (lookups[1].entries as Loose[]).push({ key: ['FRA', 'S5'], value: { code: 'X' } });
      lookups.push({ name: 'regions', kind: 'site', keyFields: ['a'], entries: [] });
      (d.fields as Loose[])[0].source = { kind: 'lookup', table: 'sales-accounts', key: ['taxRule'], field: 'nope' };
      (d.fields as Loose[])[1].source = { kind: 'lookup', table: 'missing', key: ['taxRule'] };
    });
    expect(issuesOf(doc).map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      '$.lookups[0].entries[2].key: must have 2 part(s): accountingCode, taxRule',
      '$.lookups[0].entries[3].key: duplicates an earlier entry',
      '$.lookups[1].entries[1].value.taxType: is required by a tax-type table',
      "$.lookups[3].name: duplicates table 'regions'",
      '$.fields[0].source.key: must give 2 part(s): accountingCode, taxRule',
      "$.fields[0].source.field: is not a value field of table 'sales-accounts'",
      '$.fields[1].source.table: names no lookup table in $.lookups',
    ]);
  });

  it("refuses '[]' in a source when the target is not a line path", () => {
    const doc = withChange((d) => {
      (d.fields as Loose[]).push({ target: 'reference', source: { kind: 'copy', from: 'lines[].taxCode' } });
    });
    expect(issuesOf(doc)).toEqual([
      { path: '$.fields[5].source.from', message: "uses '[]' but the target is not a line path" },
    ]);
  });

  it('checks defaults and options', () => {
    const doc = withChange((d) => {
      d.defaults = {
        dueDate: { rule: 'days-after-invoice-date', days: -1 },
        paymentTerms: { sales: { day: 40, type: 'OFFOLLOWINGMONTH' } },
      };
      d.options = { rateSource: { kind: 'named' }, filter: { expression: '(' } };
    });
    expect(issuesOf(doc).map((issue) => issue.path)).toEqual([
      '$.defaults.dueDate.days',
      '$.defaults.paymentTerms.sales.day',
      '$.options.rateSource.name',
      '$.options.filter.expression',
    ]);
  });

  it('refuses constants that are not JSON data', () => {
    const doc = withChange((d) => {
      (d.fields as Loose[]).push({
        target: 'reference',
        source: { kind: 'constant', value: JSON.parse('{"__proto__": {"x": 1}}') as unknown },
      });
    });
    expect(issuesOf(doc)).toEqual([{ path: '$.fields[5].source.value', message: 'must be a JSON value' }]);
  });
});

describe('dueDateFor', () => {
  it.each([
    [{ rule: 'days-after-invoice-date', days: 30 } as const, '2026-01-31', '2026-03-02'],
    [{ rule: 'day-of-following-month', day: 31 } as const, '2026-01-15', '2026-02-28'],
    [{ rule: 'day-of-following-month', day: 20 } as const, '2026-12-15', '2027-01-20'],
    [{ rule: 'end-of-month' } as const, '2024-02-10', '2024-02-29'],
    [{ rule: 'end-of-following-month' } as const, '2026-01-31', '2026-02-28'],
  ])('%o from %s gives %s', (rule, date, due) => {
    expect(dueDateFor(date, rule)).toBe(due);
  });
});
