import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { X3ConnectionReport } from '#lb/connectors/sage-x3';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { RequiresRecentAuth } from '../auth/recent-auth.guard';
import { Origin } from '../auth/request-origin';
import { ConnectionsResponse, X3ConnectionReportResponse, X3ConnectionResponse } from './connections.responses';
import { X3ConnectionDto, X3CredentialsDto } from './x3-connection.dto';
import { X3ConnectionsService, X3ConnectionView } from './x3-connections.service';
import { XeroConnectionsService, XeroConnectionView } from './xero-connections.service';

@ApiTags('connections')
@Controller('connections')
export class ConnectionsController {
  constructor(
    private readonly xero: XeroConnectionsService,
    private readonly x3: X3ConnectionsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: ConnectionsResponse })
  @AnyMember()
  async list(@CurrentMember() me: Member): Promise<{ xero: XeroConnectionView[]; x3: X3ConnectionView[] }> {
    const [xero, x3] = await Promise.all([this.xero.list(me.tenantId), this.x3.list(me.tenantId)]);
    return { xero, x3 };
  }

  @Delete('xero/:id')
  @HttpCode(204)
  @AdminOnly()
  @RequiresRecentAuth()
  disconnectXero(
    @CurrentMember() me: Member,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.xero.disconnect(me.tenantId, id, actorOf(me), origin);
  }

  @Post('xero/refresh')
  @HttpCode(204)
  @AnyMember()
  refreshXero(@CurrentMember() me: Member): Promise<void> {
    return this.xero.reconcile(me.tenantId);
  }

  @Post('x3/test')
  @HttpCode(200)
  @ApiOkResponse({ type: X3ConnectionReportResponse })
  @AdminOnly()
  testX3Settings(@Body() body: X3ConnectionDto): Promise<X3ConnectionReport> {
    return this.x3.testSettings(body);
  }

  @Post('x3')
  @ApiCreatedResponse({ type: X3ConnectionResponse })
  @AdminOnly()
  createX3(
    @CurrentMember() me: Member,
    @Body() body: X3ConnectionDto,
    @Origin() origin: RequestOrigin,
  ): Promise<X3ConnectionView> {
    return this.x3.create(me.tenantId, body, actorOf(me), origin);
  }

  @Post('x3/:id/test')
  @HttpCode(200)
  @ApiOkResponse({ type: X3ConnectionReportResponse })
  @AdminOnly()
  testX3(@CurrentMember() me: Member, @Param('id', ParseUUIDPipe) id: string): Promise<X3ConnectionReport> {
    return this.x3.test(me.tenantId, id);
  }

  @Patch('x3/:id/credentials')
  @ApiOkResponse({ type: X3ConnectionResponse })
  @AdminOnly()
  @RequiresRecentAuth()
  rotateX3(
    @CurrentMember() me: Member,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: X3CredentialsDto,
    @Origin() origin: RequestOrigin,
  ): Promise<X3ConnectionView> {
    return this.x3.rotateCredentials(me.tenantId, id, body.auth, actorOf(me), origin);
  }

  @Delete('x3/:id')
  @HttpCode(204)
  @AdminOnly()
  @RequiresRecentAuth()
  removeX3(
    @CurrentMember() me: Member,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.x3.remove(me.tenantId, id, actorOf(me), origin);
  }
}
