import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AnyMember, Roles } from '#lb/access';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { billingAnswered } from './billing-errors';
import { ActiveIntegrationsDto, CheckoutDto } from './billing.dto';
import { BillingOverviewResponse, BillingRedirectResponse, PlanResponse } from './billing.responses';
import { BillingService } from './billing.service';

/** The tenant's plan and subscription: every member reads; only owners change billing. */
@ApiTags('billing')
@Controller('billing')
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  @Get('plans')
  @ApiOkResponse({ type: [PlanResponse], description: 'Plans, entitlements and Stripe prices (monthly, yearly)' })
  @AnyMember()
  plans(): Promise<PlanResponse[]> {
    return this.billing.plans();
  }

  @Get()
  @ApiOkResponse({
    type: BillingOverviewResponse,
    description: 'Current plan, standing, banners and usage against limits',
  })
  @AnyMember()
  overview(@CurrentMember() me: Member): Promise<BillingOverviewResponse> {
    return this.billing.overview(me.tenantId);
  }

  @Post('checkout')
  @HttpCode(200)
  @ApiOkResponse({
    type: BillingRedirectResponse,
    description: 'Stripe Checkout for the plan; 409 when subscribed already',
  })
  @Roles('owner')
  checkout(
    @CurrentMember() me: Member,
    @Body() body: CheckoutDto,
    @Origin() origin: RequestOrigin,
  ): Promise<BillingRedirectResponse> {
    return billingAnswered(this.billing.checkout(me.tenantId, body, actorOf(me), origin));
  }

  @Post('portal')
  @HttpCode(200)
  @ApiOkResponse({ type: BillingRedirectResponse, description: "Stripe's customer portal: card, plan, invoices" })
  @Roles('owner')
  portal(@CurrentMember() me: Member): Promise<BillingRedirectResponse> {
    return billingAnswered(this.billing.portal(me.tenantId));
  }

  @Put('active-integrations')
  @ApiOkResponse({ type: BillingOverviewResponse, description: 'The pairs kept active; the others paused for billing' })
  @Roles('owner')
  chooseActive(
    @CurrentMember() me: Member,
    @Body() body: ActiveIntegrationsDto,
    @Origin() origin: RequestOrigin,
  ): Promise<BillingOverviewResponse> {
    return billingAnswered(this.billing.chooseActive(me.tenantId, body.integrationIds, actorOf(me), origin));
  }
}
