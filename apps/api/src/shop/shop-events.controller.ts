import { ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { ShopConnectionNotFoundError, ShopEventNotReplayableError, ShopEvents } from '#lb/sync';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { ShopConnectionPathDto, ShopEventPathDto, ShopEventsQueryDto } from './shop.dto';
import { ShopEventResponse } from './shop.responses';

async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof ShopConnectionNotFoundError) throw new NotFoundException(e.message);
    if (e instanceof ShopEventNotReplayableError) throw new ConflictException({ message: e.message, code: 'not_dead' });
    throw e;
  }
}

/** A shop connection's webhook events: members see what became of each; admins replay a dead one. */
@ApiTags('shop')
@Controller('integrations/:id/shop-connections/:connectionId/events')
export class ShopEventsController {
  constructor(private readonly events: ShopEvents) {}

  @Get()
  @ApiOkResponse({ type: [ShopEventResponse] })
  @AnyMember()
  list(
    @CurrentMember() me: Member,
    @Param() p: ShopConnectionPathDto,
    @Query() q: ShopEventsQueryDto,
  ): Promise<ShopEventResponse[]> {
    return answered(this.events.list(me.tenantId, p.id, p.connectionId, q.state));
  }

  @Post(':eventId/replay')
  @HttpCode(200)
  @ApiOkResponse({ type: ShopEventResponse })
  @AdminOnly()
  replay(
    @CurrentMember() me: Member,
    @Param() p: ShopEventPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<ShopEventResponse> {
    return answered(
      this.events.replay(me.tenantId, p.id, p.connectionId, p.eventId, {
        actor: actorOf(me),
        origin,
        userId: me.userId,
      }),
    );
  }
}
