import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { ShopConnectionNotFoundError, ShopConnections } from '#lb/sync';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { CreateShopConnectionDto, ShopConnectionPathDto, ShopIntegrationPathDto } from './shop.dto';
import { CreatedShopConnectionResponse, ShopConnectionResponse } from './shop.responses';

async function found<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof ShopConnectionNotFoundError) throw new NotFoundException(e.message);
    throw e;
  }
}

/**
 * An integration's shop connections: admins create them; every member reads them (so a viewer finds
 * the events), never with the signing secret, which is answered at creation only.
 */
@ApiTags('shop')
@Controller('integrations/:id/shop-connections')
export class ShopConnectionsController {
  constructor(private readonly connections: ShopConnections) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedShopConnectionResponse })
  @AdminOnly()
  create(
    @CurrentMember() me: Member,
    @Param() p: ShopIntegrationPathDto,
    @Body() body: CreateShopConnectionDto,
    @Origin() origin: RequestOrigin,
  ): Promise<CreatedShopConnectionResponse> {
    return found(this.connections.create(me.tenantId, p.id, body, { actor: actorOf(me), origin, userId: me.userId }));
  }

  @Get()
  @ApiOkResponse({ type: [ShopConnectionResponse] })
  @AnyMember()
  list(@CurrentMember() me: Member, @Param() p: ShopIntegrationPathDto): Promise<ShopConnectionResponse[]> {
    return found(this.connections.list(me.tenantId, p.id));
  }

  @Get(':connectionId')
  @ApiOkResponse({ type: ShopConnectionResponse })
  @AnyMember()
  get(@CurrentMember() me: Member, @Param() p: ShopConnectionPathDto): Promise<ShopConnectionResponse> {
    return found(this.connections.get(me.tenantId, p.id, p.connectionId));
  }
}
