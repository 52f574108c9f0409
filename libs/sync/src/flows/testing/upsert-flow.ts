// The plainest flow document suites save: the entity's active mapping each way the flow runs,
// then an upsert; deletions flagged; switched on.
import type { FlowDocument } from '../flow-document';

export const upsertFlow = (
  entity: FlowDocument['entity'],
  direction: FlowDocument['direction'],
  trigger: FlowDocument['trigger'] = { kind: 'x3-poll', everySeconds: 60 },
): FlowDocument => ({
  entity,
  direction,
  trigger,
  steps: [
    ...(direction === 'both-ways' ? (['x3-to-xero', 'xero-to-x3'] as const) : [direction]).map((d) => ({
      kind: 'transform' as const,
      mapping: { direction: d, version: 'active' as const },
    })),
    { kind: 'action', action: 'upsert' },
  ],
  options: { deletions: 'flag' },
  enabled: true,
});
