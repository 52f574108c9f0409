import { ApiProperty } from '@nestjs/swagger';
import { MemberView, SupportAccessView, SupportGrantView } from '#lb/accounts';
import { ROLES, Role } from '#lb/database';
import type { ActivityLine } from '#lb/sync';
import { FlowOverviewResponse } from '../flows/flows.responses';
import { AuditEntryResponse } from '../tenant/tenant.responses';

// Response shapes of the support console for the OpenAPI document (the SPA's types come from it).

export class SupportTenantResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SupportGrantResponse implements SupportGrantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class SupportGrantIssuedResponse extends SupportGrantResponse {
  @ApiProperty({ description: 'True when a live grant was returned: nothing new was granted or audited' })
  reused: boolean;
}

/** Opening a tenant: its name, and the caller's live grant (null: the console asks for a reason). */
export class SupportAccessResponse implements SupportAccessView {
  @ApiProperty({ type: SupportTenantResponse }) tenant: SupportTenantResponse;
  @ApiProperty({ type: SupportGrantResponse, nullable: true }) grant: SupportGrantResponse | null;
}

/** A member as support sees it: no email address. */
export class SupportMemberResponse implements Omit<MemberView, 'email'> {
  @ApiProperty({ format: 'uuid' }) membershipId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
}

/** A connection without any secret: names, ids and status only. */
export class SupportConnectionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['xero', 'x3'] }) system: 'xero' | 'x3';
  @ApiProperty() name: string;
  @ApiProperty({ description: "The organisation's id at Xero; the X3 folder" }) externalId: string;
  @ApiProperty({ type: [String], description: 'X3: the companies in scope (empty: all); Xero: empty' })
  companies: string[];
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) statusChangedAt: string | null;
}

/** Enrolling an authenticator at the first staff sign-in. */
export class StaffEnrolmentResponse {
  @ApiProperty({ description: 'Also shown as text for apps that cannot scan' }) otpauthUri: string;
  @ApiProperty({ description: 'The otpauth URI as a QR code (data:image/png)' }) qrCodeDataUrl: string;
}

/** An integration with its flows' state (counts per state, pause reasons, pace). */
export class SupportIntegrationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() xeroName: string;
  @ApiProperty() xeroStatus: string;
  @ApiProperty() x3Name: string;
  @ApiProperty() x3Company: string;
  @ApiProperty({ enum: ['active', 'paused'] }) status: string;
  @ApiProperty({ type: [String] }) pauseReasons: string[];
  @ApiProperty({ description: 'Records settled per minute over the last 15 minutes' }) recordsPerMinute: number;
  @ApiProperty({ type: [FlowOverviewResponse] }) flows: FlowOverviewResponse[];
}

/** An audit entry with its actor by name: a member's display name, staff by email, else the actor kind. */
export class SupportAuditEntryResponse extends AuditEntryResponse {
  @ApiProperty() actorName: string;
}

/** One settled change of a flow: the console's run log until the drain keeps one of its own. */
export class SupportActivityLineResponse implements ActivityLine {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() flowKey: string;
  @ApiProperty() entity: string;
  @ApiProperty() direction: string;
  @ApiProperty() sourceKey: string;
  @ApiProperty({ enum: ['done', 'dead', 'held'] }) state: 'done' | 'dead' | 'held';
  @ApiProperty({ type: String, nullable: true, example: 'created' }) action: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: [String] }) messages: string[];
  @ApiProperty() attempts: number;
}
