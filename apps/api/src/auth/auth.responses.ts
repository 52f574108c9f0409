import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, Role } from '#lb/database';
import { SessionView } from './auth.service';

// Response shapes for the OpenAPI document (the SPA's types are generated from it); each
// implements the view the service returns, so the compiler notices when one drifts.

export class SessionUser {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
}

export class SessionTenant {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class SessionMembership {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
}

export class SessionStaff {
  @ApiProperty() email: string;
  @ApiProperty({ description: 'The TOTP step is done too' }) mfaComplete: boolean;
  @ApiProperty({
    description: 'No authenticator yet: enrol one (GET /api/staff/login/enrolment) and confirm it with a code',
  })
  enrolmentRequired: boolean;
}

export class SessionResponse implements SessionView {
  @ApiProperty() signedIn: boolean;
  @ApiProperty({ description: 'Send as x-csrf-token on every POST/PATCH/DELETE' }) csrfToken: string;
  @ApiPropertyOptional({ type: () => SessionUser }) user?: SessionUser;
  @ApiPropertyOptional({ type: () => SessionTenant, description: 'The tenant this session acts in' })
  tenant?: SessionTenant;
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' }) role?: Role;
  @ApiPropertyOptional({ type: () => [SessionMembership], description: 'Every tenant the user belongs to' })
  tenants?: SessionMembership[];
  @ApiPropertyOptional({ type: () => SessionStaff }) staff?: SessionStaff;
}

export class InvitationAcceptResponse {
  @ApiProperty({ description: 'False: sign in with Xero first (at `next`); the invitation waits in the session' })
  joined: boolean;
  @ApiPropertyOptional() next?: string;
}
