// Every entity of the product, in one list: the DataSource of the api, the worker and the
// migration tooling all load exactly this, so migrations can be checked against it.
import { XERO_ENTITIES } from '#lb/connectors/xero';
import { PLATFORM_ENTITIES } from '#lb/database';
import { ACCOUNT_ENTITIES } from '#lb/accounts';
import { X3_CONNECTION_ENTITIES } from '#lb/connectors/sage-x3';
import { INTEGRATION_ENTITIES } from '#lb/integrations';
import { QUEUE_ENTITIES } from '#lb/queues';
import { MAPPING_ENTITIES } from '#lb/mapping';
import { SYNC_ENTITIES } from '#lb/sync';
import { RECONCILIATION_ENTITIES } from '#lb/reconciliation';
import { BILLING_ENTITIES } from '#lb/billing';
import { REPORTING_ENTITIES } from '#lb/reporting';

export const ALL_ENTITIES = [
  ...PLATFORM_ENTITIES,
  ...ACCOUNT_ENTITIES,
  ...XERO_ENTITIES,
  ...X3_CONNECTION_ENTITIES,
  ...INTEGRATION_ENTITIES,
  ...QUEUE_ENTITIES,
  ...MAPPING_ENTITIES,
  ...SYNC_ENTITIES,
  ...RECONCILIATION_ENTITIES,
  ...BILLING_ENTITIES,
  ...REPORTING_ENTITIES,
];
