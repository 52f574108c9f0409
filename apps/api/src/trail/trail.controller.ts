import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyMember } from '#lb/access';
import { RecordEventView, RecordTrail, RunView, TrailPage, TrailRunNotFoundError } from '#lb/sync';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { answered } from '../flows/flow-errors';
import { RunsQueryDto, TrailIntegrationPathDto, TrailQueryDto, TrailRecordPathDto, TrailRunPathDto } from './trail.dto';
import { RecordEventResponse, RunDetailResponse, RunsPageResponse, TrailPageResponse } from './trail.responses';

const BAD_QUERY = 'A bad date, cursor, key, filter or limit (over 200): the message says which';

/** The run log (one row per drain run) and the record trail (every event of a record), read by any member. */
@ApiTags('trail')
@Controller('integrations/:integrationId')
export class TrailController {
  constructor(private readonly trail: RecordTrail) {}

  @Get('runs')
  @ApiOkResponse({ type: RunsPageResponse, description: 'Newest first; pass nextCursor back as cursor' })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  @AnyMember()
  runs(
    @CurrentMember() me: Member,
    @Param() p: TrailIntegrationPathDto,
    @Query() q: RunsQueryDto,
  ): Promise<TrailPage<RunView>> {
    return found(this.trail.runs(me.tenantId, p.integrationId, q));
  }

  @Get('runs/:runId')
  @ApiOkResponse({ type: RunDetailResponse, description: 'The run and its log lines (record events), oldest first' })
  @ApiNotFoundResponse({ description: 'No such run in this integration' })
  @AnyMember()
  run(@CurrentMember() me: Member, @Param() p: TrailRunPathDto): Promise<RunView & { events: RecordEventView[] }> {
    return found(this.trail.run(me.tenantId, p.integrationId, p.runId));
  }

  @Get('trail')
  @ApiOkResponse({ type: TrailPageResponse, description: 'Record events newest first; pass nextCursor back as cursor' })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  @AnyMember()
  search(
    @CurrentMember() me: Member,
    @Param() p: TrailIntegrationPathDto,
    @Query() q: TrailQueryDto,
  ): Promise<TrailPage<RecordEventView>> {
    return found(this.trail.search(me.tenantId, p.integrationId, q));
  }

  @Get('trail/:recordKey')
  @ApiOkResponse({
    type: [RecordEventResponse],
    description: 'Every event of the record, oldest first, with the payload before and after mapping (masked)',
  })
  @ApiNotFoundResponse({ description: 'No trail for this key (never synced, purged, or another integration)' })
  @AnyMember()
  record(@CurrentMember() me: Member, @Param() p: TrailRecordPathDto): Promise<RecordEventView[]> {
    return found(this.trail.record(me.tenantId, p.integrationId, p.recordKey));
  }
}

/** A trail read's answer: no such run or record → 404, the flows' refusals as they map them. */
export async function found<T>(work: Promise<T>): Promise<T> {
  try {
    return await answered(work);
  } catch (error) {
    if (error instanceof TrailRunNotFoundError) throw new NotFoundException(error.message);
    throw error;
  }
}
