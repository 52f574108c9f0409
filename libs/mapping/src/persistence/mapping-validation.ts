import type { CanonicalEntity } from '../canonical';
import type { MappingDirection } from '../adapters/adapter-contract';

/** One reason a mapping document was refused, with where it is (expression position when there is one). */
export interface DocumentIssue {
  /** Path in the document: `fields[3].source.expression`, `lookups[0].entries[2]`. */
  path: string;
  message: string;
  /** Character offset in the expression, for a JSONata syntax error. */
  position?: number;
}

/** Checks a document before anything is stored (the engine's validator and compiler). */
export type MappingDocumentCheck = (
  document: unknown,
  expected: { entity: CanonicalEntity; direction: MappingDirection },
) => DocumentIssue[];

/** Thrown by saves: nothing was stored. */
export class InvalidMappingError extends Error {
  constructor(readonly issues: DocumentIssue[]) {
    super(
      issues
        .map((i) => `${i.path}: ${i.message}${i.position !== undefined ? ` (at position ${i.position})` : ''}`)
        .join('; '),
    );
    this.name = 'InvalidMappingError';
  }
}
