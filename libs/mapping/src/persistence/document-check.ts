// Save-time check of a mapping document: the engine's own strict validator (every expression
// compiled as it would be at run time, so a bad one is refused with its position), plus the
// document's entity and direction agreeing with the mapping it is saved as.
import { validateMappingDocument } from '../engine/validate/validate-document';
import type { MappingDocumentCheck } from './mapping-validation';

export const checkMappingDocument: MappingDocumentCheck = (document, expected) => {
  const issues = validateMappingDocument(document);
  if (issues.length) return issues;
  const doc = document as { entity: unknown; direction: unknown };
  return [
    ...(doc.entity === expected.entity
      ? []
      : [{ path: '$.entity', message: `must be ${expected.entity}, the mapping it is saved as` }]),
    ...(doc.direction === expected.direction
      ? []
      : [{ path: '$.direction', message: `must be ${expected.direction}, the mapping it is saved as` }]),
  ];
};
