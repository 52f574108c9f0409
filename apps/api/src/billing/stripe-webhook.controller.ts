import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignatureAuth } from '#lb/access';
import { StripeWebhookService } from './stripe-webhook.service';

type RawRequest = Request & { rawBody?: Buffer };

/** One endpoint for every tenant; Stripe wants a 2xx fast and retries anything else for days. */
@Controller('billing/stripe/webhooks')
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  @Post()
  @HttpCode(200)
  @ApiExcludeEndpoint()
  @SignatureAuth('Stripe webhooks: Stripe-Signature (HMAC-SHA256 of timestamp and raw body, endpoint secret)')
  async receive(@Req() req: RawRequest, @Res() res: Response): Promise<void> {
    res.removeHeader('Set-Cookie');
    const verdict = await this.webhooks.receive(req.rawBody, req.header('stripe-signature'));
    // As every webhook receiver here: a wrong signature is 401 (Stripe retries any non-2xx), 400 only
    // for a correctly signed body we cannot read; nothing is stored either way.
    res
      .status(verdict === 'accepted' ? 200 : verdict === 'bad-signature' ? 401 : 400)
      .json({ received: verdict === 'accepted' });
  }
}
