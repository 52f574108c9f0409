import { ApiProperty } from '@nestjs/swagger';
import { MemberView, SupportGrantView } from '#lb/accounts';
import { ROLES, Role } from '#lb/database';

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
  @ApiProperty({ enum: ['xero'] }) system: 'xero';
  @ApiProperty() name: string;
  @ApiProperty({ description: "The organisation's id at Xero" }) externalId: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) statusChangedAt: string | null;
}

/** Enrolling an authenticator at the first staff sign-in. */
export class StaffEnrolmentResponse {
  @ApiProperty({ description: 'Also shown as text for apps that cannot scan' }) otpauthUri: string;
  @ApiProperty({ description: 'The otpauth URI as a QR code (data:image/png)' }) qrCodeDataUrl: string;
}
