import { Invitation } from './invitation.entity';
import { OutboundEmail } from './outbound-email.entity';
import { SessionRecord } from './session.entity';
import { StaffAuditEntry } from './staff-audit-entry.entity';
import { StaffUser } from './staff-user.entity';
import { SupportGrant } from './support-grant.entity';

export * from './invitation.entity';
export * from './outbound-email.entity';
export * from './session.entity';
export * from './staff-audit-entry.entity';
export * from './staff-user.entity';
export * from './support-grant.entity';

export const ACCOUNT_ENTITIES = [SessionRecord, StaffUser, StaffAuditEntry, SupportGrant, Invitation, OutboundEmail];
