import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { AuditTrail, MemberView, StaffIdentity, SupportGrantView, SupportService } from '#lb/accounts';
import { StaffOnly } from '#lb/access';
import { Membership, User } from '#lb/database';
import { XeroConnection } from '#lb/connectors/xero';
import { originOf } from '../auth/request-origin';
import { AuditEntryView, auditView } from '../tenant/audit-view';
import { AuditEntryResponse } from '../tenant/tenant.responses';
import { SupportGrantDto } from './staff.dto';
import {
  SupportConnectionResponse,
  SupportGrantResponse,
  SupportMemberResponse,
  SupportTenantResponse,
} from './support.responses';

const staffOf = (req: Request): StaffIdentity => ({
  staffId: req.session.staff!.staffId,
  email: req.session.staff!.email,
});

/** The support console's data: read-only, behind a live grant, every read audited in the tenant. */
@ApiTags('support')
@Controller('support')
@StaffOnly()
export class SupportController {
  constructor(
    private readonly support: SupportService,
    private readonly audit: AuditTrail,
  ) {}

  @Get('tenants')
  @ApiOkResponse({ type: [SupportTenantResponse] })
  search(@Query('q') q = ''): Promise<SupportTenantResponse[]> {
    return this.support.search(q);
  }

  @Post('grants')
  @ApiCreatedResponse({ type: SupportGrantResponse })
  grant(@Req() req: Request, @Body() body: SupportGrantDto): Promise<SupportGrantView> {
    return this.support.grant(staffOf(req), body.tenantId, body.reason, body.minutes, originOf(req));
  }

  @Get('tenants/:tenantId/audit')
  @ApiOkResponse({ type: [AuditEntryResponse] })
  async auditLog(@Req() req: Request, @Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<AuditEntryView[]> {
    const entries = await this.support.read(staffOf(req), tenantId, 'audit_log', originOf(req), (m) =>
      this.audit.list(m, { limit: 200 }),
    );
    return entries.map(auditView);
  }

  @Get('tenants/:tenantId/members')
  @ApiOkResponse({ type: [SupportMemberResponse] })
  members(
    @Req() req: Request,
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
  ): Promise<Omit<MemberView, 'email'>[]> {
    return this.support.read(staffOf(req), tenantId, 'members', originOf(req), async (m) => {
      const rows = await m
        .createQueryBuilder(Membership, 'ms')
        .innerJoin(User, 'u', 'u.id = ms.user_id')
        .select([
          'ms.id AS id',
          'ms.user_id AS user_id',
          'ms.role AS role',
          'ms.created_at AS created_at',
          'u.display_name AS display_name',
        ])
        .getRawMany<{
          id: string;
          user_id: string;
          role: MemberView['role'];
          created_at: Date;
          display_name: string;
        }>();
      return rows.map((r) => ({
        membershipId: r.id,
        userId: r.user_id,
        role: r.role,
        displayName: r.display_name,
        joinedAt: r.created_at.toISOString(),
      }));
    });
  }

  /** Connections without any secret: names, ids and status only. */
  @Get('tenants/:tenantId/connections')
  @ApiOkResponse({ type: [SupportConnectionResponse] })
  connections(
    @Req() req: Request,
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
  ): Promise<SupportConnectionResponse[]> {
    return this.support.read(staffOf(req), tenantId, 'connections', originOf(req), async (m) =>
      (await m.find(XeroConnection, { order: { tenantName: 'ASC' } })).map((c) => ({
        id: c.id,
        system: 'xero' as const,
        name: c.tenantName,
        externalId: c.xeroTenantId,
        status: c.status,
        statusReason: c.statusReason,
        statusChangedAt: c.statusChangedAt?.toISOString() ?? null,
      })),
    );
  }
}
