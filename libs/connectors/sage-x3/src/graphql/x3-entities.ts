// What the connector reads and writes per X3 node: the GraphQL location, the properties it
// selects (references as `{ _id }` only, so X3 does no joins for us) and the company scope.
// The specs live in one file per group of nodes; this file puts them together.
import { X3_DOCUMENT_ENTITIES } from './x3-document-entities';
import { X3EntityName, X3EntitySpec } from './x3-entity-spec';
import { X3_FINANCE_ENTITIES } from './x3-finance-entities';
import { X3_MASTER_ENTITIES } from './x3-master-entities';

export { quote } from './x3-entity-spec';
export type { X3Action, X3EntityName, X3EntitySpec } from './x3-entity-spec';

export const X3_ENTITIES: Record<X3EntityName, X3EntitySpec> = {
  ...X3_MASTER_ENTITIES,
  ...X3_DOCUMENT_ENTITIES,
  ...X3_FINANCE_ENTITIES,
};
