import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignatureAuth } from '#lb/access';
import { verifyXeroSignature, XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { hasWebhookOutline } from './xero-webhook-shape';
import { XeroWebhookService } from './xero-webhook.service';

type RawRequest = Request & { rawBody?: Buffer };

/** One endpoint for every tenant. Xero wants an empty body, no cookies, 200 or 401, within 5 s. */
@Controller('xero/webhooks')
export class XeroWebhookController {
  constructor(
    private readonly webhooks: XeroWebhookService,
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiExcludeEndpoint()
  @SignatureAuth('Xero webhooks: x-xero-signature HMAC over the raw body')
  async receive(@Req() req: RawRequest, @Res() res: Response): Promise<void> {
    res.removeHeader('Set-Cookie');
    const signature = req.header('x-xero-signature');
    // Not even Xero's outline: refused before any work, still 401 when the signature is wrong too.
    if (!hasWebhookOutline(req.body)) {
      const signed = verifyXeroSignature(req.rawBody, signature, this.xero.settings.webhookKey);
      res.status(signed ? 400 : 401).end();
      return;
    }
    const verdict = await this.webhooks.receive(req.rawBody, signature, req.body);
    res.status(verdict === 'accepted' ? 200 : verdict === 'bad-signature' ? 401 : 400).end();
  }
}
