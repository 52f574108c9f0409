import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HostedPages, PageResult } from './hosted-pages.service';

function send(res: Response, result: PageResult): void {
  res.setHeader('cache-control', 'no-store');
  if ('redirect' in result) res.redirect(303, result.redirect);
  else res.status(result.status).type('html').send(result.html);
}

/** Stripe's hosted Checkout and customer portal, as the sandbox renders them. */
@Controller('stripe')
export class HostedPagesController {
  constructor(private readonly pages: HostedPages) {}

  @Get('checkout/:id')
  async checkout(@Param('id') id: string, @Res() res: Response): Promise<void> {
    send(res, await this.pages.checkout(id));
  }

  @Post('checkout/:id')
  async pay(@Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    send(res, await this.pages.pay(id, body));
  }

  @Get('portal/:id')
  async portal(
    @Param('id') id: string,
    @Query('notice') notice: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.pages.portal(id, this.pages.noticeText(notice)));
  }

  @Post('portal/:id/:action')
  async act(
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.pages.act(id, action, body));
  }
}
