import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { escapeHtml } from './oidc-provider.factory';

/** Login/consent failures (expired interaction, missing cookie) as an HTML page, not a stack trace. */
@Catch()
export class InteractionErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('XeroSandboxLogin');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const e = error as { statusCode?: number; error?: string; error_description?: string; message?: string };
    const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
    if (status >= 500) this.logger.error((error as Error)?.stack ?? String(error));
    const message = e.error_description ?? (status >= 500 ? 'Something went wrong.' : (e.message ?? 'Bad request'));
    res.status(status).type('html')
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Xero sandbox – sign-in problem</title></head>
<body><main><h1>We couldn't continue your sign-in</h1><p role="alert">${escapeHtml(String(message))}</p>
<p>Start again from the app you were connecting.</p></main></body></html>`);
  }
}
