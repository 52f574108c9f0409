// The rules a walk follows from node to node, shared by the engine's walk (walk-graph.ts) and the
// designer's dry run (dry-walk.ts), so a dry run takes exactly the edges a run would.
import { compileExpression } from '#lb/mapping';
import type { FlowGraph } from '../flows/flow-graph';

/** A condition or branch on the record as accepted: only `true` takes the 'true' edge. */
export async function conditionOutcome(
  expression: string,
  record: Record<string, unknown>,
): Promise<{ value: unknown; label: 'true' | 'false' }> {
  const value: unknown = await compileExpression(expression).evaluate(record, {});
  return { value, label: value === true ? 'true' : 'false' };
}

/** The node the edge with `label` ('' for an unlabelled one) leads to. */
export function edgeTarget(graph: FlowGraph, from: string, label: string): string | undefined {
  return graph.edges.find((e) => e.from === from && (e.label ?? '') === label)?.to;
}
