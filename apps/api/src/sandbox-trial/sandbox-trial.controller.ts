import { Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly } from '#lb/access';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { TrialResultResponse } from './sandbox-trial.responses';
import { SandboxTrialService, TrialResult } from './sandbox-trial.service';

@ApiTags('sandbox')
@Controller('sandbox')
export class SandboxTrialController {
  constructor(private readonly trials: SandboxTrialService) {}

  @Post('try')
  @ApiCreatedResponse({ type: TrialResultResponse })
  @AdminOnly()
  start(@CurrentMember() me: Member, @Origin() origin: RequestOrigin): Promise<TrialResult> {
    return this.trials.start(me.tenantId, me.userId, origin);
  }
}
