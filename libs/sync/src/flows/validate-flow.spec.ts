import type { FlowDocument } from './flow-document';
import { isFlowDocument, validateFlowDocument } from './validate-flow';

const customersBothWays: FlowDocument = {
  entity: 'customer',
  direction: 'both-ways',
  trigger: { kind: 'x3-poll', everySeconds: 5 },
  steps: [
    { kind: 'condition', expression: 'isActive = true' },
    { kind: 'transform', mapping: { direction: 'x3-to-xero', version: 'active' } },
    { kind: 'transform', mapping: { direction: 'xero-to-x3', version: 3 } },
    { kind: 'action', action: 'upsert' },
  ],
  options: {
    conflictRules: { name: 'x3-wins', email: 'xero-wins', 'addresses[].city': 'newest-wins' },
    defaultConflictRule: 'newest-wins',
    deletions: 'flag',
  },
  enabled: true,
};

const invoicesToXero: FlowDocument = {
  entity: 'invoice',
  direction: 'x3-to-xero',
  trigger: { kind: 'schedule', everySeconds: 300 },
  steps: [
    { kind: 'transform', mapping: { direction: 'x3-to-xero', version: 2 } },
    { kind: 'action', action: 'create-only' },
  ],
  options: { cutOverDate: '2026-01-01', deletions: 'void-with-approval' },
  enabled: false,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests build invalid documents, outside the type on purpose
type Loose = any;

/** The document with `change` applied, then its issues. */
function issuesOf(base: FlowDocument, change: (doc: Loose) => void) {
  const doc: Loose = structuredClone(base);
  change(doc);
  return validateFlowDocument(doc);
}

describe('flow document validator', () => {
  it('accepts complete documents for each trigger kind', () => {
    expect(validateFlowDocument(customersBothWays)).toEqual([]);
    expect(validateFlowDocument(invoicesToXero)).toEqual([]);
    expect(isFlowDocument({ ...customersBothWays, trigger: { kind: 'webhook' } })).toBe(true);
    expect(isFlowDocument({ ...invoicesToXero, trigger: { kind: 'manual' } })).toBe(true);
  });

  it('refuses what is not a document, with every missing part named', () => {
    expect(validateFlowDocument(null)).toEqual([{ path: '$', message: 'must be an object' }]);
    expect(validateFlowDocument({}).map((i) => i.path)).toEqual([
      '$.entity',
      '$.direction',
      '$.enabled',
      '$.trigger',
      '$.steps',
      '$.options',
    ]);
  });

  it('refuses unknown fields at every level instead of ignoring them', () => {
    const issues = issuesOf(customersBothWays, (d) => {
      d.extra = 1;
      d.trigger.interval = 5;
      d.steps[0].when = 'x';
      d.options.deletion = 'flag';
    });
    expect(issues.map((i) => i.path)).toEqual([
      '$.extra',
      '$.trigger.interval',
      '$.steps[0].when',
      '$.options.deletion',
    ]);
    expect(issues.every((i) => i.message === 'is not a known field')).toBe(true);
  });

  it('checks entity, direction and enabled against their vocabularies', () => {
    expect(issuesOf(invoicesToXero, (d) => (d.entity = 'Invoice'))).toEqual([
      { path: '$.entity', message: expect.stringContaining("'invoice'") },
    ]);
    expect(issuesOf(invoicesToXero, (d) => (d.enabled = 'yes'))).toEqual([
      { path: '$.enabled', message: 'must be true or false' },
    ]);
    expect(issuesOf(invoicesToXero, (d) => (d.direction = 'both')).map((i) => i.path)).toEqual(['$.direction']);
  });

  it('checks trigger intervals and that the trigger reads the side the flow reads', () => {
    for (const everySeconds of [0, 4, 2.5, '60', 86_401]) {
      expect(issuesOf(invoicesToXero, (d) => (d.trigger.everySeconds = everySeconds))).toEqual([
        { path: '$.trigger.everySeconds', message: 'must be a whole number of seconds from 5 to 86400' },
      ]);
    }
    expect(issuesOf(invoicesToXero, (d) => (d.trigger = { kind: 'webhook' }))).toEqual([
      { path: '$.trigger.kind', message: expect.stringContaining('a webhook trigger needs a flow that reads Xero') },
    ]);
    expect(
      issuesOf(invoicesToXero, (d) => {
        d.direction = 'xero-to-x3';
        d.trigger = { kind: 'x3-poll', everySeconds: 5 };
        d.steps[0].mapping.direction = 'xero-to-x3';
      }),
    ).toEqual([{ path: '$.trigger.kind', message: expect.stringContaining('an x3-poll trigger needs') }]);
    expect(issuesOf(invoicesToXero, (d) => (d.trigger = { kind: 'cron' })).map((i) => i.path)).toEqual([
      '$.trigger.kind',
    ]);
  });

  it('wants ordered steps: transforms for each direction read, conditions that compile, one action last', () => {
    expect(issuesOf(invoicesToXero, (d) => d.steps.reverse())).toEqual([
      { path: '$.steps[0]', message: 'the action must be the last step' },
      { path: '$.steps', message: 'must end with an action step' },
    ]);
    expect(issuesOf(customersBothWays, (d) => d.steps.splice(2, 1))).toEqual([
      { path: '$.steps', message: 'needs a transform step for xero-to-x3' },
    ]);
    expect(issuesOf(invoicesToXero, (d) => (d.steps[0].mapping = { direction: 'xero-to-x3', version: 0 }))).toEqual([
      { path: '$.steps[0].mapping.version', message: "must be a version number (1, 2 …) or 'active'" },
      { path: '$.steps[0].mapping.direction', message: "must be x3-to-xero, the flow's direction" },
      { path: '$.steps', message: 'needs a transform step for x3-to-xero' },
    ]);
    expect(issuesOf(invoicesToXero, (d) => (d.steps[1] = { kind: 'action', action: 'delete' }))).toEqual([
      { path: '$.steps[1].action', message: "must be one of 'upsert', 'create-only', 'flag'" },
    ]);
    expect(issuesOf(invoicesToXero, (d) => (d.steps = []))).toEqual([
      { path: '$.steps', message: 'must be a non-empty list' },
    ]);
  });

  it('compiles conditions and reports a JSONata error with its position', () => {
    const [issue] = issuesOf(customersBothWays, (d) => (d.steps[0].expression = 'isActive = ('));
    expect(issue).toEqual({ path: '$.steps[0].expression', message: expect.any(String), position: expect.any(Number) });
    // The mapping engine's refusals apply too: no $eval in a condition.
    expect(issuesOf(customersBothWays, (d) => (d.steps[0].expression = '$eval("1")')).map((i) => i.path)).toEqual([
      '$.steps[0].expression',
    ]);
    expect(issuesOf(customersBothWays, (d) => (d.steps[0].expression = '  ')).map((i) => i.path)).toEqual([
      '$.steps[0].expression',
    ]);
  });

  it('checks options: conflict rules only both ways, field paths, cut-over date, deletions', () => {
    expect(
      issuesOf(invoicesToXero, (d) => {
        d.options.conflictRules = { total: 'x3-wins' };
        d.options.defaultConflictRule = 'x3-wins';
      }),
    ).toEqual([
      { path: '$.options.conflictRules', message: 'applies only to a both-ways flow' },
      { path: '$.options.defaultConflictRule', message: 'applies only to a both-ways flow' },
    ]);
    expect(
      issuesOf(customersBothWays, (d) => (d.options.conflictRules = { 'bad path': 'x3-wins', name: 'last-wins' })),
    ).toEqual([
      { path: '$.options.conflictRules["bad path"]', message: expect.stringContaining('not a field path') },
      { path: '$.options.conflictRules["name"]', message: "must be one of 'x3-wins', 'xero-wins', 'newest-wins'" },
    ]);
    for (const cutOverDate of ['2026-02-30', '2026-1-01', 20260101]) {
      expect(issuesOf(invoicesToXero, (d) => (d.options.cutOverDate = cutOverDate))).toEqual([
        { path: '$.options.cutOverDate', message: 'must be a calendar date YYYY-MM-DD' },
      ]);
    }
    expect(issuesOf(invoicesToXero, (d) => (d.options.deletions = 'delete')).map((i) => i.path)).toEqual([
      '$.options.deletions',
    ]);
    expect(issuesOf(invoicesToXero, (d) => (d.options = {}))).toEqual([]);
  });

  it('takes draftOn (entry or shipment) on an x3-to-xero salesOrder flow only', () => {
    const orders = (draftOn: unknown) => (d: Loose) => {
      d.entity = 'salesOrder';
      d.options = { draftOn };
    };
    expect(issuesOf(invoicesToXero, orders('entry'))).toEqual([]);
    expect(issuesOf(invoicesToXero, orders('shipment'))).toEqual([]);
    expect(issuesOf(invoicesToXero, orders('invoice')).map((i) => i.path)).toEqual(['$.options.draftOn']);
    expect(issuesOf(invoicesToXero, (d) => (d.options = { draftOn: 'shipment' }))).toEqual([
      { path: '$.options.draftOn', message: 'applies only to an x3-to-xero salesOrder flow' },
    ]);
  });

  it('takes x3Scope sites as a bounded list of X3 site codes, and refuses anything else', () => {
    const scope = (x3Scope: unknown) => (d: Loose) => (d.options = { x3Scope });
    expect(issuesOf(invoicesToXero, scope({ sites: ['FR011', 'NZ011'], categories: ['AUS'] }))).toEqual([]);
    const refused = { path: '$.options.x3Scope.sites', message: expect.stringContaining('X3 site codes') };
    for (const sites of [
      'FR011',
      { FR011: true },
      [42],
      [null],
      [''],
      ['FR0111'],
      ["FR'1"],
      Array.from({ length: 101 }, (_, i) => `S${i}`),
    ]) {
      expect(issuesOf(invoicesToXero, scope({ sites }))).toEqual([refused]);
    }
    expect(issuesOf(invoicesToXero, scope({ site: ['FR011'] })).map((i) => i.path)).toEqual(['$.options.x3Scope.site']);
  });
});
