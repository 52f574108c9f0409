import { Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, Principal } from '#lb/access';
import { CurrentMember } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { SandboxTrialService, TrialResult } from './sandbox-trial.service';

@ApiTags('sandbox')
@Controller('sandbox')
export class SandboxTrialController {
  constructor(private readonly trials: SandboxTrialService) {}

  @Post('try')
  @AdminOnly()
  start(@CurrentMember() me: Extract<Principal, { kind: 'member' }>, @Origin() origin: RequestOrigin): Promise<TrialResult> {
    return this.trials.start(me.tenantId, me.userId, origin);
  }
}
