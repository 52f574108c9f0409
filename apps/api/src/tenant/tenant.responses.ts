import { ApiProperty } from '@nestjs/swagger';
import { InvitationView, MemberView } from '#lb/accounts';
import { ROLES, Role } from '#lb/database';
import { AuditEntryView } from './audit-view';

// Response shapes for the OpenAPI document (the SPA's types are generated from it); each
// implements the view the service returns, so the compiler notices when one drifts.

export class TenantResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MemberResponse implements MemberView {
  @ApiProperty({ format: 'uuid' }) membershipId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
}

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;

export class InvitationResponse implements InvitationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ enum: INVITATION_STATUSES, enumName: 'InvitationStatus' })
  status: (typeof INVITATION_STATUSES)[number];
}

/** A pending invitation's link: a credential, shown to an admin who signed in recently. */
export class InvitationLinkResponse {
  @ApiProperty({ description: 'Works once, for the invited email address only' }) link: string;
}

export const ACTOR_KINDS = ['user', 'staff', 'system'] as const;

export class AuditEntryResponse implements AuditEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ACTOR_KINDS, enumName: 'ActorKind' }) actorKind: (typeof ACTOR_KINDS)[number];
  @ApiProperty({ type: String, nullable: true }) actorId: string | null;
  @ApiProperty({ example: 'member.invited' }) action: string;
  @ApiProperty({ type: String, nullable: true }) targetType: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) ipAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
}

export class TenantDeletionResponse {
  @ApiProperty({ format: 'date-time', description: 'When the data is purged' }) purgeAfter: string;
}
