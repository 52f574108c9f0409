import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignatureAuth } from '#lb/access';
import { ShopWebhookIntake } from '#lb/sync';

type RawRequest = Request & { rawBody?: Buffer };

/**
 * Shopify-shaped order webhooks, one URL per shop connection. Verify, store, enqueue, 200: the
 * order is entered in X3 by the worker. 401 for an unknown connection or a wrong signature (the
 * same answer), 400 with the reason for a signed body that is not an order; a replayed delivery
 * (same X-Shopify-Webhook-Id) is 200 and changes nothing.
 */
@Controller('shop/webhooks')
export class ShopWebhookController {
  constructor(private readonly intake: ShopWebhookIntake) {}

  @Post(':connectionId')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  @SignatureAuth(
    "Shop webhooks: X-Shopify-Hmac-Sha256, HMAC-SHA256 of the raw body under the connection's sealed secret",
  )
  async receive(
    @Param('connectionId') connectionId: string,
    @Req() req: RawRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.removeHeader('Set-Cookie');
    const verdict = await this.intake.receive(connectionId, {
      rawBody: req.rawBody,
      hmac: req.header('x-shopify-hmac-sha256'),
      topic: req.header('x-shopify-topic'),
      webhookId: req.header('x-shopify-webhook-id'),
    });
    if (verdict.status === 'accepted') res.status(200).end();
    else if (verdict.status === 'unauthorised')
      res
        .status(401)
        .json({ statusCode: 401, error: 'Unauthorized', message: 'Unknown shop connection or wrong signature' });
    else res.status(400).json({ statusCode: 400, error: 'Bad Request', message: verdict.message });
  }
}
