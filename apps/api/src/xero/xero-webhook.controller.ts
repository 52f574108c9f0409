import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignatureAuth } from '#lb/access';
import { XeroWebhookService } from './xero-webhook.service';

type RawRequest = Request & { rawBody?: Buffer };

/** One endpoint for every tenant. Xero wants an empty body, no cookies, 200 or 401, within 5 s. */
@Controller('xero/webhooks')
export class XeroWebhookController {
  constructor(private readonly webhooks: XeroWebhookService) {}

  @Post()
  @HttpCode(200)
  @ApiExcludeEndpoint()
  @SignatureAuth('Xero webhooks: x-xero-signature HMAC over the raw body')
  async receive(@Req() req: RawRequest, @Res() res: Response): Promise<void> {
    const signature = req.header('x-xero-signature');
    const verdict = await this.webhooks.receive(req.rawBody, signature);
    res.removeHeader('Set-Cookie');
    res.status(verdict === 'accepted' ? 200 : verdict === 'bad-signature' ? 401 : 400).end();
  }
}
