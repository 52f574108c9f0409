import { markdownReport, resultOf } from './results';

describe('bench results', () => {
  it('derives the status from the bench’s own check: pass, missed, or info when it set none', () => {
    expect(resultOf({ name: 'a', value: 1, unit: 'x', target: '>= 1', met: true }, 'm', 'a.bench.ts')).toMatchObject({
      status: 'pass',
      target: '>= 1',
    });
    expect(resultOf({ name: 'b', value: 0, unit: 'x', target: '>= 1', met: false }, 'm', 'b.bench.ts').status).toBe(
      'missed',
    );
    expect(resultOf({ name: 'c', value: 3, unit: 'x' }, 'm', 'c.bench.ts')).toMatchObject({
      status: 'info',
      target: '',
    });
  });

  it('records a comparative target the bench left unjudged as missed, saying so; words alone stay info', () => {
    expect(resultOf({ name: 'p99', value: 35, unit: 'ms', target: '<= 100' }, 'm', 'a.bench.ts')).toMatchObject({
      status: 'missed',
      note: 'the bench did not check its target',
    });
    expect(resultOf({ name: 'r', value: 1, unit: 'x', target: 'informational' }, 'm', 'a.bench.ts').status).toBe(
      'info',
    );
  });

  it('marks a missed row visibly with its reason, and escapes table pipes', () => {
    const md = markdownReport([
      resultOf({ name: 'ok_metric', value: 1, unit: 'x', target: '>= 1', met: true }, 'm1', 'a.bench.ts'),
      resultOf(
        { name: 'ratio', value: 0.02, unit: 'a|b', target: '>= 0.9', met: false, note: 'batch size 1\nsee log' },
        'm1',
        'xero-write.bench.ts',
      ),
    ]);
    expect(md).toContain('2 figures, 1 missed. Machine: m1.');
    expect(md).toContain('| xero-write | **ratio** | 0.02 | a\\|b | >= 0.9 | **MISSED** | batch size 1 see log |');
    expect(md).toContain('| a | ok_metric | 1 | x | >= 1 | pass |  |');
  });
});
