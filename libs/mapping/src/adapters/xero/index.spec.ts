import { CANONICAL_ENTITIES } from '../../canonical';
import { XERO_ADAPTERS } from './index';

describe('XERO_ADAPTERS', () => {
  it('has one adapter for each of the 13 canonical entities, named for it', () => {
    expect(Object.keys(XERO_ADAPTERS).sort()).toEqual([...CANONICAL_ENTITIES].sort());
    for (const entity of CANONICAL_ENTITIES) expect(XERO_ADAPTERS[entity].entity).toBe(entity);
    expect(CANONICAL_ENTITIES).toHaveLength(13);
  });
});
