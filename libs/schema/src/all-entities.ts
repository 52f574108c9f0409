// Every entity of the product, in one list: the DataSource of the api, the worker and the
// migration tooling all load exactly this, so migrations can be checked against it.
import { XERO_ENTITIES } from '#lb/connectors/xero';
import { PLATFORM_ENTITIES } from '#lb/database';

export const ALL_ENTITIES = [...PLATFORM_ENTITIES, ...XERO_ENTITIES];
