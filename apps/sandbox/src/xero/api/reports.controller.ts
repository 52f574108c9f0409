import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { Doc } from '../db/entity-store';
import { OrgStore } from '../orgs/org-store';
import { envelope } from './batch';
import { trialBalanceReport } from './trial-balance-report';
import { XeroCtx, XeroRequestContext } from './xero-context';
import { XeroExceptionFilter } from './xero-exception.filter';

/** Reports: the Trial Balance only (getReportTrialBalance). */
@Controller('api.xro/2.0')
@UseFilters(XeroExceptionFilter)
export class ReportsController {
  constructor(private readonly store: OrgStore) {}

  @Get('Reports/TrialBalance')
  trialBalance(@XeroCtx() ctx: XeroRequestContext, @Query() q: Record<string, string | undefined>): Promise<Doc> {
    return this.store.run(
      ctx.tenantId,
      async (s) => envelope(ctx, s.now, 'Reports', [await trialBalanceReport(s, q)]),
      { readOnly: true },
    );
  }
}
