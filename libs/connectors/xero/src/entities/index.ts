import { XeroConnection } from './xero-connection.entity';
import { XeroEvent } from './xero-event.entity';
import { XeroGrant } from './xero-grant.entity';
import { XeroWebhookInbox } from './xero-webhook-inbox.entity';
import { XeroWriteBatch } from './xero-write-batch.entity';

export * from './xero-connection.entity';
export * from './xero-event.entity';
export * from './xero-grant.entity';
export * from './xero-webhook-inbox.entity';
export * from './xero-write-batch.entity';

export const XERO_ENTITIES = [XeroGrant, XeroConnection, XeroWriteBatch, XeroEvent, XeroWebhookInbox];
