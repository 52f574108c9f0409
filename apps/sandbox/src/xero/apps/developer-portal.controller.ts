import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, UseFilters } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { XeroExceptionFilter } from '../api/xero-exception.filter';
import { IntentToReceive } from '../webhooks/intent-to-receive';
import { AppInput, AppRegistry, publicView } from './app-registry';

/** The developer portal: register an app, change it, verify its webhook. Basic auth with the app's credentials. */
@Controller('xero-developer/apps')
@UseFilters(XeroExceptionFilter)
export class DeveloperPortalController {
  constructor(
    private readonly apps: AppRegistry,
    private readonly intent: IntentToReceive,
    private readonly db: SandboxDatabase,
  ) {}

  @Post()
  async register(@Body() body: AppInput): Promise<Record<string, unknown>> {
    return publicView(await this.apps.register(body ?? {}), true);
  }

  @Get(':clientId')
  async get(@Param('clientId') id: string, @Headers('authorization') auth?: string): Promise<Record<string, unknown>> {
    return publicView(await this.apps.authenticate(auth, id), true);
  }

  @Patch(':clientId')
  async update(
    @Param('clientId') id: string,
    @Body() body: AppInput,
    @Headers('authorization') auth?: string,
  ): Promise<Record<string, unknown>> {
    await this.apps.authenticate(auth, id);
    return publicView(await this.apps.update(id, body ?? {}), true);
  }

  @Post(':clientId/webhooks/intent-to-receive')
  @HttpCode(200)
  async verifyWebhook(@Param('clientId') id: string, @Headers('authorization') auth?: string): Promise<unknown> {
    return this.intent.run(await this.apps.authenticate(auth, id));
  }

  @Get(':clientId/webhooks/deliveries')
  async deliveries(@Param('clientId') id: string, @Headers('authorization') auth?: string): Promise<unknown> {
    await this.apps.authenticate(auth, id);
    return this.db.query(
      'SELECT id, status, attempts, last_result AS "lastResult", body FROM xero_webhook_deliveries WHERE client_id = $1 ORDER BY id DESC LIMIT 50',
      [id],
    );
  }
}
