import { Controller, HttpCode, Inject, Param, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, SignatureAuth } from '#lb/access';
import { FlowTriggers } from '#lb/sync';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { NudgeThrottle } from './nudge-throttle';
import { answered } from './sync-triggers-errors';
import { FlowPathDto, IntegrationPathDto } from './sync-triggers.dto';
import { NudgeTokenResponse, TriggerQueuedResponse } from './sync-triggers.responses';
import { NUDGE_THROTTLE } from './sync-triggers.tokens';

/** "Authorization: Bearer <token>", nothing else. */
function bearerOf(req: Request): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.header('authorization') ?? '');
  return match?.[1];
}

/**
 * Triggers a person or X3 can pull: "run now" (an admin: a poll at the interactive lane and a
 * drain), the nudge token (an admin creates or rotates it; shown once), and the nudge an X3
 * workflow rule calls with that token, which only queues a deduplicated poll.
 */
@ApiTags('sync')
@Controller('integrations/:id')
export class SyncTriggersController {
  constructor(
    private readonly triggers: FlowTriggers,
    @Inject(NUDGE_THROTTLE) private readonly throttle: NudgeThrottle,
  ) {}

  @Post('flows/:flowKey/run')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: TriggerQueuedResponse })
  @AdminOnly()
  async run(
    @CurrentMember() me: Member,
    @Param() p: FlowPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TriggerQueuedResponse> {
    await answered(
      this.triggers.runNow(me.tenantId, { integrationId: p.id, flowKey: p.flowKey }, { actor: actorOf(me), origin }),
    );
    return { queued: true };
  }

  @Post('nudge-token')
  @ApiCreatedResponse({ type: NudgeTokenResponse })
  @AdminOnly()
  async rotateNudgeToken(
    @CurrentMember() me: Member,
    @Param() p: IntegrationPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<NudgeTokenResponse> {
    const token = await answered(
      this.triggers.rotateNudgeToken(me.tenantId, p.id, { actor: actorOf(me), origin, userId: me.userId }),
    );
    return { token };
  }

  @Post('nudge/:flowKey')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: TriggerQueuedResponse })
  @SignatureAuth("X3 nudge: the integration's nudge token as a bearer token (SHA-256 kept, compared in constant time)")
  async nudge(@Param() p: FlowPathDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.removeHeader('Set-Cookie');
    await this.throttle.takeForAddress(req.ip ?? 'unknown', res);
    const verdict = await answered(this.triggers.nudge(p.id, p.flowKey, bearerOf(req)));
    if (verdict === 'unauthorised') throw new UnauthorizedException('Wrong or missing nudge token');
    await this.throttle.takeForIntegration(p.id, res);
    return { queued: true } satisfies TriggerQueuedResponse;
  }
}
