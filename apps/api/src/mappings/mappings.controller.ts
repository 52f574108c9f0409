import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { DocumentIssue, MappingSummary, MappingVersions, VersionDiff, VersionSummary, VersionView } from '#lb/mapping';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { answered } from './mapping-errors';
import { DocumentCheckResponse } from './dry-run.responses';
import {
  CheckDocumentDto,
  DiffQueryDto,
  IntegrationPathDto,
  LookupPathDto,
  LookupTableDto,
  MappingPathDto,
  RollBackDto,
  SaveMappingDto,
  StatusMapDto,
  VersionPathDto,
} from './mappings.dto';
import {
  MappingSummaryResponse,
  VersionDiffResponse,
  VersionResponse,
  VersionSummaryResponse,
} from './mappings.responses';

const keyOf = (p: MappingPathDto) => ({ integrationId: p.integrationId, entity: p.entity, direction: p.direction });

/** Mappings of an integration: versions saved, read, compared and rolled back. Viewers read; admins edit. */
@ApiTags('mappings')
@Controller('integrations/:integrationId/mappings')
export class MappingsController {
  constructor(private readonly mappings: MappingVersions) {}

  @Get()
  @ApiOkResponse({ type: [MappingSummaryResponse] })
  @AnyMember()
  list(@CurrentMember() me: Member, @Param() p: IntegrationPathDto): Promise<MappingSummary[]> {
    return answered(this.mappings.list(me.tenantId, p.integrationId));
  }

  @Get(':entity/:direction')
  @ApiOkResponse({ type: VersionResponse, description: 'The active version' })
  @AnyMember()
  active(@CurrentMember() me: Member, @Param() p: MappingPathDto): Promise<VersionView> {
    return answered(this.mappings.get(me.tenantId, keyOf(p)));
  }

  @Get(':entity/:direction/versions')
  @ApiOkResponse({ type: [VersionSummaryResponse] })
  @AnyMember()
  versions(@CurrentMember() me: Member, @Param() p: MappingPathDto): Promise<VersionSummary[]> {
    return answered(this.mappings.versions(me.tenantId, keyOf(p)));
  }

  @Get(':entity/:direction/versions/:version')
  @ApiOkResponse({ type: VersionResponse })
  @AnyMember()
  version(@CurrentMember() me: Member, @Param() p: VersionPathDto): Promise<VersionView> {
    return answered(this.mappings.get(me.tenantId, keyOf(p), p.version));
  }

  @Get(':entity/:direction/diff')
  @ApiOkResponse({ type: VersionDiffResponse })
  @AnyMember()
  diff(@CurrentMember() me: Member, @Param() p: MappingPathDto, @Query() q: DiffQueryDto): Promise<VersionDiff> {
    return answered(this.mappings.diff(me.tenantId, keyOf(p), q.from, q.to));
  }

  /** The issues a save would refuse the document for (with expression positions), storing nothing: the studio's live check. */
  @Post(':entity/:direction/check')
  @HttpCode(200)
  @ApiOkResponse({ type: DocumentCheckResponse })
  @AnyMember()
  check(
    @CurrentMember() me: Member,
    @Param() p: MappingPathDto,
    @Body() body: CheckDocumentDto,
  ): Promise<{ issues: DocumentIssue[] }> {
    return answered(this.mappings.checkDocument(me.tenantId, keyOf(p), body.document));
  }

  /** Saves a new version (validated by the engine first: a refused document stores nothing). */
  @Post(':entity/:direction/versions')
  @ApiCreatedResponse({ type: VersionResponse })
  @ApiConflictResponse({ description: 'basedOnVersion is no longer the active version: another save came first' })
  @AdminOnly()
  save(
    @CurrentMember() me: Member,
    @Param() p: MappingPathDto,
    @Body() body: SaveMappingDto,
    @Origin() origin: RequestOrigin,
  ): Promise<VersionView> {
    return answered(this.mappings.save(me.tenantId, keyOf(p), body, { actor: actorOf(me), origin }));
  }

  /** A new version copying an old one; history is never rewritten. */
  @Post(':entity/:direction/rollback')
  @ApiCreatedResponse({ type: VersionResponse })
  @AdminOnly()
  rollBack(
    @CurrentMember() me: Member,
    @Param() p: MappingPathDto,
    @Body() body: RollBackDto,
    @Origin() origin: RequestOrigin,
  ): Promise<VersionView> {
    return answered(this.mappings.rollBack(me.tenantId, keyOf(p), body.toVersion, { actor: actorOf(me), origin }));
  }

  /** Adds or replaces one lookup table of the active document: a new version. */
  @Put(':entity/:direction/lookups/:name')
  @ApiOkResponse({ type: VersionResponse })
  @AdminOnly()
  putLookup(
    @CurrentMember() me: Member,
    @Param() p: LookupPathDto,
    @Body() body: LookupTableDto,
    @Origin() origin: RequestOrigin,
  ): Promise<VersionView> {
    return answered(
      this.mappings.putLookupTable(me.tenantId, keyOf(p), p.name, body.table, { actor: actorOf(me), origin }),
    );
  }

  /** Sets (or, with null, removes) the status map of the active document: a new version. */
  @Put(':entity/:direction/status-map')
  @ApiOkResponse({ type: VersionResponse })
  @AdminOnly()
  putStatusMap(
    @CurrentMember() me: Member,
    @Param() p: MappingPathDto,
    @Body() body: StatusMapDto,
    @Origin() origin: RequestOrigin,
  ): Promise<VersionView> {
    return answered(this.mappings.putStatusMap(me.tenantId, keyOf(p), body.statusMap, { actor: actorOf(me), origin }));
  }
}
