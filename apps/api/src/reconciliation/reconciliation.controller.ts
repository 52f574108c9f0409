import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { TenantTransactions } from '#lb/database';
import { AdminOnly, AnyMember } from '#lb/access';
import { differencesCsv, loadRun, monthEndPack, Reconciliations, runReportPdf } from '#lb/reconciliation';
import { RequestOrigin } from '#lb/accounts';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { answered } from './reconciliation-answers';
import {
  DecideDifferenceDto,
  MonthEndPackQueryDto,
  ReconDifferencePathDto,
  ReconIntegrationPathDto,
  ReconRunPathDto,
  StartReconRunDto,
} from './reconciliation.dto';
import { ReconDifferenceResponse, ReconRunDetailResponse, ReconRunResponse } from './reconciliation.responses';

/** Reconciliation runs of an integration: viewers read; admins and owners run them and decide fixes. */
@ApiTags('reconciliation')
@Controller('integrations/:integrationId/reconciliation')
export class ReconciliationController {
  constructor(
    private readonly recon: Reconciliations,
    private readonly tx: TenantTransactions,
  ) {}

  @Post('runs')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReconRunResponse, description: 'Queued; the worker runs it' })
  @ApiNotFoundResponse()
  @AdminOnly()
  start(
    @CurrentMember() me: Member,
    @Param() p: ReconIntegrationPathDto,
    @Body() body: StartReconRunDto,
  ): Promise<ReconRunResponse> {
    return answered(this.recon.start(me.tenantId, p.integrationId, body.asOf, me.userId));
  }

  @Get('runs')
  @ApiOkResponse({ type: [ReconRunResponse], description: 'Newest first, the last 100' })
  @ApiNotFoundResponse()
  @AnyMember()
  list(@CurrentMember() me: Member, @Param() p: ReconIntegrationPathDto): Promise<ReconRunResponse[]> {
    return answered(this.recon.list(me.tenantId, p.integrationId));
  }

  @Get('runs/:runId')
  @ApiOkResponse({ type: ReconRunDetailResponse })
  @ApiNotFoundResponse()
  @AnyMember()
  run(@CurrentMember() me: Member, @Param() p: ReconRunPathDto): Promise<ReconRunDetailResponse> {
    return answered(this.recon.get(me.tenantId, p.integrationId, p.runId));
  }

  @Get('runs/:runId/differences.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Every difference of the run, one line each; formula-like text neutralised' })
  @ApiNotFoundResponse()
  @AnyMember()
  async csv(@CurrentMember() me: Member, @Param() p: ReconRunPathDto): Promise<StreamableFile> {
    const ref = { tenantId: me.tenantId, integrationId: p.integrationId, runId: p.runId };
    const run = await answered(loadRun(this.tx, ref));
    return new StreamableFile(differencesCsv(this.tx, ref), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="reconciliation-${run.asOf}-${run.id.slice(0, 8)}.csv"`,
    });
  }

  @Get('runs/:runId/report.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The run summarised: counts per class, the first differences of each with cause and fix',
  })
  @ApiNotFoundResponse()
  @AnyMember()
  async pdf(@CurrentMember() me: Member, @Param() p: ReconRunPathDto): Promise<StreamableFile> {
    const ref = { tenantId: me.tenantId, integrationId: p.integrationId, runId: p.runId };
    const doc = await answered(runReportPdf(this.tx, ref));
    return new StreamableFile(doc, {
      type: 'application/pdf',
      disposition: `attachment; filename="reconciliation-${p.runId.slice(0, 8)}.pdf"`,
    });
  }

  @Get('month-end-pack')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: "The month end's latest finished run: differences.csv, report.pdf, summary.txt" })
  @ApiNotFoundResponse({ description: 'No finished run as of the month end (the message says what to do)' })
  @AnyMember()
  async pack(
    @CurrentMember() me: Member,
    @Param() p: ReconIntegrationPathDto,
    @Query() q: MonthEndPackQueryDto,
  ): Promise<StreamableFile> {
    const pack = await answered(
      monthEndPack(this.tx, { tenantId: me.tenantId, integrationId: p.integrationId }, q.month),
    );
    return new StreamableFile(pack.zip, {
      type: 'application/zip',
      disposition: `attachment; filename="${pack.filename}"`,
    });
  }

  @Post('runs/:runId/differences/:differenceId/:decision')
  @HttpCode(200)
  @ApiOkResponse({ type: ReconDifferenceResponse, description: 'approve applies the suggested fix through the sync' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description:
      'Already decided, a fix only an accountant can make, or no enabled flow can carry it (the message says which)',
  })
  @ApiBadRequestResponse({
    description: "An add-mapping fix approved without its entry's value, or with a value the mapping refuses",
  })
  @AdminOnly()
  decide(
    @CurrentMember() me: Member,
    @Param() p: ReconDifferencePathDto,
    @Body() body: DecideDifferenceDto,
    @Origin() origin: RequestOrigin,
  ): Promise<ReconDifferenceResponse> {
    const ids = { integrationId: p.integrationId, runId: p.runId, differenceId: p.differenceId };
    return answered(this.recon.decide(me.tenantId, ids, p.decision, me.userId, { value: body.value, origin }));
  }
}
