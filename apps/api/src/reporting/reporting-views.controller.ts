import { Controller, Get, Param, Query, Req, StreamableFile, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SignatureAuth } from '#lb/access';
import { ReportingReader, reportingView } from '#lb/reporting';
import { ReportingKeyGuard, ReportingRequest } from './reporting-key.guard';
import { describeViews } from './reporting-catalogue';
import { answered } from './reporting-answers';
import { ReportingViewPathDto, ReportingViewQueryDto } from './reporting.dto';
import { ReportingPageResponse, ReportingViewResponse } from './reporting.responses';

const KEY_AUTH = "BI tools: a reporting key as a bearer token (SHA-256 kept); reads its tenant's reporting views only";

/**
 * The reporting views, for BI tools (Power BI, Excel, Metabase…) holding a reporting key: read
 * only, the key's tenant only, no session. docs/reporting.md documents every column.
 */
@ApiTags('reporting')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Wrong, revoked or missing reporting key' })
@ApiTooManyRequestsResponse({
  description: 'More than 120 requests a minute for one key (600 for one address); see Retry-After',
})
@ApiServiceUnavailableResponse({ description: 'PostgreSQL or Redis out of reach for a moment; see Retry-After' })
@UseGuards(ReportingKeyGuard)
@Controller('reporting/v1')
export class ReportingViewsController {
  constructor(private readonly reader: ReportingReader) {}

  @Get('views')
  @ApiOkResponse({ type: [ReportingViewResponse] })
  @SignatureAuth(KEY_AUTH)
  views(): ReportingViewResponse[] {
    return describeViews();
  }

  @Get('views/:view')
  @ApiOkResponse({ type: ReportingPageResponse, description: 'A page (format=json) or the whole view (format=csv)' })
  @ApiProduces('application/json', 'text/csv')
  @SignatureAuth(KEY_AUTH)
  async read(
    @Param() p: ReportingViewPathDto,
    @Query() q: ReportingViewQueryDto,
    @Req() req: ReportingRequest,
  ): Promise<ReportingPageResponse | StreamableFile> {
    const { tenantId } = req.reportingCaller!;
    const view = reportingView(p.view)!;
    const filters = { since: q.since ? new Date(q.since) : undefined, integrationId: q.integration };
    if (q.format === 'csv') {
      const csv = await answered(this.reader.csv(tenantId, view, filters));
      return new StreamableFile(csv, {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="${view.name}.csv"`,
      });
    }
    const page = await answered(
      this.reader.page(tenantId, view, { ...filters, limit: q.limit ?? 1000, cursor: q.cursor }),
    );
    return { view: view.name, ...page };
  }
}
