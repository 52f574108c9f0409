import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '#lb/config';
import { MembersService } from '#lb/accounts';
import { ApiModule } from './app.module';
import { principalMiddleware } from './auth/principal.middleware';
import { PgSessionStore } from './auth/session/pg-session.store';
import { sessionMiddleware } from './auth/session/session.middleware';
import { SESSION_STORE } from './auth/session/session.tokens';
import { edgeBodyParser, edgeQueryCheck } from './edge/edge-body-parser';
import { docsForSignedIn, noStore } from './edge/exposure';
import { exceptSessionless } from './edge/sessionless-routes';
import { bodyLimitResolver, DEFAULT_MAX_DEPTH, parseSize } from './edge/inbound-limits';
import { createValidationPipe } from './errors/validation-pipe';
import { serveSpa } from './web/spa-static';
import { keepConnectionsAlive } from '#lb/platform';

export const GLOBAL_PREFIX = 'api';
/** Operational routes stay at the root, where probes and scrapers expect them. */
export const UNPREFIXED_ROUTES = ['health', 'health/live', 'health/workers', 'metrics'];

/** Builds the api exactly as production runs it; tests call this too. */
export async function createApiApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  keepConnectionsAlive(app.getHttpServer());
  app.set('trust proxy', 1);
  app.disable('x-powered-by');
  // JSON only, capped per route in size and depth while it streams in; the raw body is kept for
  // signature checks (Xero and Stripe webhooks). No route takes forms.
  app.use(edgeBodyParser(bodyLimitResolver({ bytes: parseSize(config.BODY_LIMIT), depth: DEFAULT_MAX_DEPTH })));
  app.use(edgeQueryCheck());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'connect-src': ["'self'"] },
      },
    }),
  );
  // Sessions (server-side, PostgreSQL) and the principal they carry, for the API only: static
  // assets, probes and metrics never pay for a session read and a role lookup; nor do the
  // signature-authenticated webhook routes (edge/sessionless-routes.ts).
  const store = app.get<PgSessionStore>(SESSION_STORE);
  app.use(`/${GLOBAL_PREFIX}`, noStore());
  app.use(`/${GLOBAL_PREFIX}`, exceptSessionless(sessionMiddleware(config, store)));
  app.use(`/${GLOBAL_PREFIX}`, exceptSessionless(principalMiddleware(app.get(MembersService))));
  app.setGlobalPrefix(GLOBAL_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Ledgerbridge API')
    .setDescription('Sage X3 ↔ Xero sync: tenants, connections, mappings, flows, monitoring.')
    .setVersion('1')
    .addCookieAuth('lb_session')
    .build();
  app.use(`/${GLOBAL_PREFIX}/docs`, docsForSignedIn(config.APP_ENV === 'production'));
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });

  if (config.WEB_DIST_DIR)
    serveSpa(app.getHttpAdapter().getInstance(), config.WEB_DIST_DIR, {
      sourceMaps: config.APP_ENV === 'development',
    });
  return app;
}
