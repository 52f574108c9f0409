import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { AuditTrail, MemberView, SupportAccessView, SupportService } from '#lb/accounts';
import { StaffOnly } from '#lb/access';
import { Membership, User } from '#lb/database';
import { XeroConnection } from '#lb/connectors/xero';
import { X3Connection } from '#lb/connectors/sage-x3';
import { FlowOperations } from '#lb/sync';
import { originOf } from '../auth/request-origin';
import { IntegrationsService } from '../connections/integrations.service';
import { SupportGrantDto } from './staff.dto';
import { NamedAuditEntry, withActorNames } from './support-audit';
import { staffOf } from './support-staff';
import {
  SupportAccessResponse,
  SupportAuditEntryResponse,
  SupportConnectionResponse,
  SupportGrantIssuedResponse,
  SupportIntegrationResponse,
  SupportMemberResponse,
  SupportTenantResponse,
} from './support.responses';

/** The support console's data: read-only, behind a live grant, each view's first read audited in the tenant. */
@ApiTags('support')
@Controller('support')
@StaffOnly()
export class SupportController {
  constructor(
    private readonly support: SupportService,
    private readonly audit: AuditTrail,
    private readonly integrations: IntegrationsService,
    private readonly flows: FlowOperations,
  ) {}

  @Get('tenants')
  @ApiOkResponse({ type: [SupportTenantResponse] })
  search(@Query('q') q = ''): Promise<SupportTenantResponse[]> {
    return this.support.search(q);
  }

  /** A grant with a reason, or the caller's live one on that tenant (200, nothing new written). */
  @Post('grants')
  @ApiCreatedResponse({ type: SupportGrantIssuedResponse, description: 'A new grant, written to the audit log' })
  @ApiOkResponse({ type: SupportGrantIssuedResponse, description: 'The live grant, reused' })
  async grant(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: SupportGrantDto,
  ): Promise<SupportGrantIssuedResponse> {
    const issued = await this.support.grant(staffOf(req), body.tenantId, body.reason, body.minutes, originOf(req));
    res.status(issued.reused ? 200 : 201);
    return issued;
  }

  /** Opening a tenant (a reload, another page): its name and the caller's live grant, if any. Writes nothing. */
  @Get('tenants/:tenantId/access')
  @ApiOkResponse({ type: SupportAccessResponse })
  access(@Req() req: Request, @Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<SupportAccessView> {
    return this.support.access(staffOf(req), tenantId);
  }

  @Get('tenants/:tenantId/audit')
  @ApiOkResponse({ type: [SupportAuditEntryResponse] })
  auditLog(@Req() req: Request, @Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<NamedAuditEntry[]> {
    return this.support.read(staffOf(req), tenantId, 'audit_log', originOf(req), async (m) =>
      withActorNames(m, await this.audit.list(m, { limit: 200 })),
    );
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

  /** Xero and X3 connections without any secret (nor X3 credentials' ids): names, ids and status only. */
  @Get('tenants/:tenantId/connections')
  @ApiOkResponse({ type: [SupportConnectionResponse] })
  connections(
    @Req() req: Request,
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
  ): Promise<SupportConnectionResponse[]> {
    return this.support.read(staffOf(req), tenantId, 'connections', originOf(req), async (m) => [
      ...(await m.find(XeroConnection, { order: { tenantName: 'ASC' } })).map((c) => ({
        id: c.id,
        system: 'xero' as const,
        name: c.tenantName,
        externalId: c.xeroTenantId,
        companies: [],
        status: c.status,
        statusReason: c.statusReason,
        statusChangedAt: c.statusChangedAt?.toISOString() ?? null,
      })),
      ...(await m.find(X3Connection, { order: { name: 'ASC' } })).map((c) => ({
        id: c.id,
        system: 'x3' as const,
        name: c.name,
        externalId: c.endpoint,
        companies: c.companies,
        status: c.status,
        statusReason: c.lastError,
        statusChangedAt: c.lastTestedAt?.toISOString() ?? null,
      })),
    ]);
  }

  /** Integrations with their flows' state: counts per state, pause reasons, pace. */
  @Get('tenants/:tenantId/integrations')
  @ApiOkResponse({ type: [SupportIntegrationResponse] })
  integrationList(
    @Req() req: Request,
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
  ): Promise<SupportIntegrationResponse[]> {
    return this.support.read(staffOf(req), tenantId, 'integrations', originOf(req), async (m) => {
      const found: SupportIntegrationResponse[] = [];
      for (const i of await this.integrations.listIn(m)) {
        const { status, pauseReasons, recordsPerMinute, flows } = await this.flows.overviewIn(m, i.id);
        const { id, name, xeroName, xeroStatus, x3Name, x3Company } = i;
        found.push({
          id,
          name,
          xeroName,
          xeroStatus,
          x3Name,
          x3Company,
          status,
          pauseReasons,
          recordsPerMinute,
          flows,
        });
      }
      return found;
    });
  }
}
