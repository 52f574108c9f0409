import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { loadConfig } from '#lb/config';
import { ApiModule } from '../app.module';
import { GLOBAL_PREFIX, UNPREFIXED_ROUTES } from '../app.factory';
import { CONNECT_ERROR_CODES, INVITATION_ERROR_CODES, SIGN_IN_ERROR_CODES } from '../auth/redirect-errors';

/** The api's OpenAPI document for an app whose routes are registered (served at /api/docs). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Ledgerbridge API')
    .setDescription('Sage X3 ↔ Xero sync: tenants, connections, mappings, flows, monitoring.')
    .setVersion('1')
    .addCookieAuth('lb_session')
    .build();
  const document = SwaggerModule.createDocument(app, info);
  // Not a response body: the `?error=` codes of the browser redirects (and the invitation
  // refusal codes of error bodies), for the SPA's messages.
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      SignInErrorCode: { type: 'string', enum: [...SIGN_IN_ERROR_CODES] },
      ConnectErrorCode: { type: 'string', enum: [...CONNECT_ERROR_CODES] },
      InvitationErrorCode: { type: 'string', enum: [...INVITATION_ERROR_CODES] },
    },
  };
  return document;
}

/**
 * Placeholder settings: in preview mode Nest builds the module graph without instantiating a
 * provider, so nothing connects to them. Fixed (not read from the environment) so the document
 * is the same on every machine.
 */
const DOCUMENT_ONLY_ENV = {
  APP_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATABASE_URL: 'postgres://docs@127.0.0.1:1/docs',
  REDIS_URL: 'redis://127.0.0.1:1',
  SECRETS_KEYS: 'docs:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
  SECRETS_ACTIVE_KEY_ID: 'docs',
  SESSION_SECRET: 'openapi-document-only-0123456789abcdef',
  METRICS_TOKEN: 'openapi-document-only-0123456789',
  PUBLIC_URL: 'http://127.0.0.1:3000',
};

/** The same document as the running api serves, built without PostgreSQL, Redis or a port. */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.forRoot(loadConfig(DOCUMENT_ONLY_ENV)), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    app.setGlobalPrefix(GLOBAL_PREFIX, { exclude: UNPREFIXED_ROUTES });
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
