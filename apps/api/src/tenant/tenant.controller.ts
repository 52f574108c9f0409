import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { Request } from 'express';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  assertCanAssign,
  AuditTrail,
  InvitationsService,
  InvitationView,
  MembersService,
  MemberView,
  RequestOrigin,
} from '#lb/accounts';
import { AdminOnly, AnyMember, Roles } from '#lb/access';
import { Tenant, TenantTransactions } from '#lb/database';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { assertRecentAuth, RequiresRecentAuth } from '../auth/recent-auth.guard';
import { AuditEntryView, auditView } from './audit-view';
import { AuditQueryDto, ChangeRoleDto, DeleteTenantDto, InviteDto, RenameTenantDto } from './tenant.dto';
import { TenantLifecycleService } from './tenant-lifecycle.service';
import {
  AuditEntryResponse,
  InvitationLinkResponse,
  InvitationResponse,
  MemberResponse,
  TenantDeletionResponse,
  TenantResponse,
} from './tenant.responses';

/** The signed-in member's own tenant: settings, members, invitations and audit log. */
@ApiTags('tenant')
@Controller('tenant')
export class TenantController {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly members: MembersService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditTrail,
    private readonly lifecycle: TenantLifecycleService,
  ) {}

  @Get()
  @ApiOkResponse({ type: TenantResponse })
  @AnyMember()
  async get(@CurrentMember() me: Member): Promise<{ id: string; name: string; createdAt: string }> {
    const t = await this.tx.run(me.tenantId, (m) => m.findOneByOrFail(Tenant, { id: me.tenantId }));
    return { id: t.id, name: t.name, createdAt: t.createdAt.toISOString() };
  }

  @Patch()
  @HttpCode(204)
  @AdminOnly()
  rename(@CurrentMember() me: Member, @Body() body: RenameTenantDto, @Origin() origin: RequestOrigin): Promise<void> {
    return this.tx.run(me.tenantId, async (m) => {
      await m.update(Tenant, { id: me.tenantId }, { name: body.name });
      await this.audit.record(m, me.tenantId, {
        actor: actorOf(me),
        action: 'tenant.renamed',
        targetType: 'tenant',
        targetId: me.tenantId,
        details: { name: body.name },
        origin,
      });
    });
  }

  @Get('members')
  @ApiOkResponse({ type: [MemberResponse] })
  @AnyMember()
  listMembers(@CurrentMember() me: Member): Promise<MemberView[]> {
    return this.members.list(me.tenantId);
  }

  @Patch('members/:id')
  @HttpCode(204)
  @AdminOnly()
  @RequiresRecentAuth()
  changeRole(
    @CurrentMember() me: Member,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeRoleDto,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    assertCanAssign(me.role, body.role);
    return this.members.changeRole(me.tenantId, id, body.role, { ...actorOf(me), role: me.role }, origin);
  }

  @Delete('members/:id')
  @HttpCode(204)
  @AdminOnly()
  @RequiresRecentAuth()
  removeMember(
    @CurrentMember() me: Member,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.members.remove(me.tenantId, id, { ...actorOf(me), role: me.role }, origin);
  }

  @Get('invitations')
  @ApiOkResponse({ type: [InvitationResponse] })
  @AdminOnly()
  listInvitations(@CurrentMember() me: Member): Promise<InvitationView[]> {
    return this.invitations.list(me.tenantId);
  }

  /** Inviting an owner or admin hands out power: it needs a recent Xero sign-in, like a role change. */
  @Post('invitations')
  @ApiCreatedResponse({ type: InvitationResponse })
  @AdminOnly()
  invite(
    @Req() req: Request,
    @CurrentMember() me: Member,
    @Body() body: InviteDto,
    @Origin() origin: RequestOrigin,
  ): Promise<InvitationView> {
    assertCanAssign(me.role, body.role);
    if (body.role !== 'viewer') assertRecentAuth(req);
    return this.invitations.invite(me.tenantId, body.email, body.role, actorOf(me), origin);
  }

  /** The link of a pending invitation, to copy and pass on; a credential, so recent sign-in and audited. */
  @Get('invitations/:id/link')
  @ApiOkResponse({ type: InvitationLinkResponse })
  @AdminOnly()
  @RequiresRecentAuth()
  async invitationLink(
    @CurrentMember() me: Member,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<InvitationLinkResponse> {
    return { link: await this.invitations.revealLink(me.tenantId, id, actorOf(me), origin) };
  }

  @Delete('invitations/:id')
  @HttpCode(204)
  @AdminOnly()
  revokeInvitation(
    @CurrentMember() me: Member,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.invitations.revoke(me.tenantId, id, actorOf(me), origin);
  }

  @Get('audit')
  @ApiOkResponse({ type: [AuditEntryResponse], description: 'Newest first' })
  @AdminOnly()
  async auditLog(@CurrentMember() me: Member, @Query() query: AuditQueryDto): Promise<AuditEntryView[]> {
    const entries = await this.tx.run(me.tenantId, (m) => this.audit.list(m, query));
    return entries.map(auditView);
  }

  /** Everything we hold for this tenant except secrets, as a JSON download. */
  @Get('export')
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  @Roles('owner')
  @Header('Content-Disposition', 'attachment; filename="ledgerbridge-export.json"')
  exportData(@CurrentMember() me: Member, @Origin() origin: RequestOrigin): Promise<Record<string, unknown>> {
    return this.lifecycle.export(me.tenantId, actorOf(me), origin);
  }

  /** Closes the tenant now; its data is purged after the retention period (docs/operations.md). */
  @Delete()
  @ApiOkResponse({ type: TenantDeletionResponse })
  @Roles('owner')
  @RequiresRecentAuth()
  deleteTenant(
    @CurrentMember() me: Member,
    @Body() body: DeleteTenantDto,
    @Origin() origin: RequestOrigin,
  ): Promise<{ purgeAfter: string }> {
    return this.lifecycle.requestDeletion(me.tenantId, body.confirmName, actorOf(me), origin);
  }
}
