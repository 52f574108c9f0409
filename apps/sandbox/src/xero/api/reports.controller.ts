import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { Doc } from '../db/entity-store';
import { OrgStore } from '../orgs/org-store';
import { agedReport } from './aged-report';
import { envelope } from './batch';
import { trialBalanceReport } from './trial-balance-report';
import { XeroCtx, XeroRequestContext } from './xero-context';
import { XeroExceptionFilter } from './xero-exception.filter';

/** Reports: the Trial Balance and the aged receivables and payables of one contact. */
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

  @Get('Reports/AgedReceivablesByContact')
  agedReceivables(@XeroCtx() ctx: XeroRequestContext, @Query() q: Record<string, string | undefined>): Promise<Doc> {
    return this.store.run(
      ctx.tenantId,
      async (s) => envelope(ctx, s.now, 'Reports', [await agedReport(s, 'receivables', q)]),
      { readOnly: true },
    );
  }

  @Get('Reports/AgedPayablesByContact')
  agedPayables(@XeroCtx() ctx: XeroRequestContext, @Query() q: Record<string, string | undefined>): Promise<Doc> {
    return this.store.run(
      ctx.tenantId,
      async (s) => envelope(ctx, s.now, 'Reports', [await agedReport(s, 'payables', q)]),
      { readOnly: true },
    );
  }
}
