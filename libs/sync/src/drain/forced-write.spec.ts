import type { Decided } from '../cross-references/cross-references.service';
import { forced } from './resolve-writes';

const decided = (decision: Decided['decision']): Decided => ({ decision, contentHash: 'h', reference: undefined });

describe('forced writes (a reconciliation fix re-sending an unchanged X3 record)', () => {
  it('turns "unchanged" into an update once forced, and touches nothing else', () => {
    expect(forced({ forceWrite: true }, decided('unchanged')).decision).toBe('update');
    expect(forced({ forceWrite: false }, decided('unchanged')).decision).toBe('unchanged');
    expect(forced({ forceWrite: true }, decided('create')).decision).toBe('create');
    expect(forced({ forceWrite: true }, decided('update')).decision).toBe('update');
  });
});
