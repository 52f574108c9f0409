// Every entity of the product, in one list: the DataSource of the api, the worker and the
// migration tooling all load exactly this, so migrations can be checked against it.
import { XERO_ENTITIES } from '#lb/connectors/xero';
import { PLATFORM_ENTITIES } from '#lb/database';
import { ACCOUNT_ENTITIES } from '#lb/accounts';

export const ALL_ENTITIES = [...PLATFORM_ENTITIES, ...ACCOUNT_ENTITIES, ...XERO_ENTITIES];
