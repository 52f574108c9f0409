import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { appStoreListingPage } from '../identity/pages';
import { AppRegistry } from './app-registry';

/** The Xero App Store's listing of an app: where "Sign up with Xero" starts. Public, like the real one. */
@Controller('xero-appstore/apps')
export class AppStoreController {
  constructor(private readonly apps: AppRegistry) {}

  @Get(':clientId')
  async listing(@Param('clientId') clientId: string, @Res() res: Response): Promise<void> {
    const app = await this.apps.find(clientId);
    if (!app) throw new NotFoundException('No such app on the App Store');
    res.type('html').send(appStoreListingPage(app.name, app.signup_url));
  }
}
