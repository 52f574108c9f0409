import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '#lb/access';
import { FlowDryRun, FlowDryRunResult } from '#lb/sync';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { answered as mappingAnswered } from '../mappings/mapping-errors';
import { answered } from './flow-errors';
import { FlowDryRunDto } from './flow-dry-run.dto';
import { FlowPathDto } from './flows.dto';
import { FlowDryRunResponse } from './flow-dry-run.responses';

/**
 * The designer's "dry run the whole flow": real X3 records walked through the flow and mapped where
 * they would be written. Stores nothing; admins only, as it spends the organisation's Xero calls.
 */
@ApiTags('flows')
@Controller('integrations/:id/flows/:flowKey')
export class FlowDryRunController {
  constructor(private readonly dryRuns: FlowDryRun) {}

  @Post('dry-run')
  @HttpCode(200)
  @ApiOkResponse({
    type: FlowDryRunResponse,
    description: 'Per record: the path, where it would stop, the mapping outcome',
  })
  @AdminOnly()
  dryRun(@CurrentMember() me: Member, @Param() p: FlowPathDto, @Body() body: FlowDryRunDto): Promise<FlowDryRunResult> {
    return answered(mappingAnswered(this.dryRuns.dryRun(me.tenantId, p.id, p.flowKey, body)));
  }
}
