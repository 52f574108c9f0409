import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '#lb/access';
import { DryRunResult, DryRunService, ResyncPreview } from '#lb/mapping';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { answered } from './mapping-errors';
import { DraftDryRunDto, MappingPathDto, ResyncPreviewDto } from './mappings.dto';
import { DryRunResponse, ResyncPreviewResponse } from './dry-run.responses';

const keyOf = (p: MappingPathDto) => ({ integrationId: p.integrationId, entity: p.entity, direction: p.direction });

/**
 * Previews that read the connected systems and write nothing anywhere. Admins only: they spend
 * the organisation's Xero call budget (and its egress, which Xero bills).
 */
@ApiTags('mappings')
@Controller('integrations/:integrationId/mappings')
export class DryRunController {
  constructor(private readonly previews: DryRunService) {}

  @Post(':entity/:direction/dry-run')
  @HttpCode(200)
  @ApiOkResponse({ type: DryRunResponse })
  @AdminOnly()
  dryRun(@CurrentMember() me: Member, @Param() p: MappingPathDto, @Body() body: DraftDryRunDto): Promise<DryRunResult> {
    return answered(this.previews.dryRun(me.tenantId, keyOf(p), body));
  }

  @Post(':entity/:direction/resync-preview')
  @HttpCode(200)
  @ApiOkResponse({ type: ResyncPreviewResponse })
  @AdminOnly()
  resyncPreview(
    @CurrentMember() me: Member,
    @Param() p: MappingPathDto,
    @Body() body: ResyncPreviewDto,
  ): Promise<ResyncPreview> {
    return answered(this.previews.resyncPreview(me.tenantId, keyOf(p), body));
  }
}
