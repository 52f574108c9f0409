import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import type * as Oidc from 'openid-client' with { 'resolution-mode': 'import' };
import type * as OidcPassport from 'openid-client/passport' with { 'resolution-mode': 'import' };
import { XeroIdentity } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import type { CodeExchange } from '#lb/connectors/xero';
import { requireEsm } from '#lb/platform';

const STRATEGY = 'xero-oidc';
/** When the callback's code exchange was about to leave (performance.now()): the tokens' expiry counts from it. */
const ASKED_AT = Symbol('xeroTokensAskedAt');
type StampedRequest = Request & { [ASKED_AT]?: number };
export const SIGN_IN_SCOPES = 'openid profile email';
const IDENTITY_SCOPES = new Set([...SIGN_IN_SCOPES.split(' '), 'offline_access']);

/** `sign-up` ("Sign up with Xero", from the App Store) also asks the accounting scopes, in one consent. */
export type SignInMode = 'sign-in' | 'sign-up' | 'reauth';

/** Who signed in, and the token exchange when the consent granted accounting scopes too. */
export interface SignInOutcome {
  identity: XeroIdentity;
  exchange?: CodeExchange;
}

/**
 * "Sign in with Xero": OpenID Connect authorization code as a confidential client, through
 * passport and openid-client's own strategy. PKCE (S256), state and nonce are all sent and all
 * checked on return; the id_token's signature, issuer, audience and expiry are verified.
 */
@Injectable()
export class XeroSignInFlow {
  private ready?: Promise<void>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get callbackUrl(): string {
    return `${this.config.PUBLIC_URL.replace(/\/$/, '')}/api/auth/xero/callback`;
  }

  /** Identity scopes, plus the organisations' (XERO_SCOPES) for a sign-up. */
  scopesFor(mode: SignInMode): string {
    if (mode !== 'sign-up') return SIGN_IN_SCOPES;
    return [...new Set([...SIGN_IN_SCOPES.split(' '), ...this.config.XERO_SCOPES.split(' ')])].join(' ');
  }

  /** Redirects the browser to Xero's consent page. `reauth` forces a fresh login there. */
  async begin(req: Request, res: Response, mode: SignInMode): Promise<void> {
    await this.ensureStrategy();
    await new Promise<void>((resolve, reject) => {
      const settle = (err: unknown) => (err ? reject(asError(err)) : resolve());
      const redirect = passport.authenticate(
        STRATEGY,
        {
          session: false,
          prompt: mode === 'reauth' ? 'login' : undefined,
          scope: this.scopesFor(mode),
        } as passport.AuthenticateOptions,
        settle,
      ) as RequestHandler;
      redirect(req, res, settle);
      res.once('finish', () => resolve());
    });
  }

  /** Completes the code flow on the callback and returns who signed in. */
  async complete(req: Request, res: Response): Promise<SignInOutcome> {
    await this.ensureStrategy();
    return new Promise<SignInOutcome>((resolve, reject) => {
      const callback = passport.authenticate(
        STRATEGY,
        { session: false },
        (err: unknown, user: SignInOutcome | false, info: { message?: string } | undefined) => {
          if (err) return reject(new UnauthorizedException(`Sign in with Xero failed: ${describeOidcError(err)}`));
          if (!user)
            return reject(new UnauthorizedException(`Sign in with Xero failed: ${info?.message ?? 'not authorised'}`));
          resolve(user);
        },
      ) as RequestHandler;
      callback(req, res, (err: unknown) => reject(asError(err)));
    });
  }

  private ensureStrategy(): Promise<void> {
    this.ready ??= this.register().catch((error) => {
      this.ready = undefined; // try discovery again next time (the identity server may be starting)
      throw error;
    });
    return this.ready;
  }

  private async register(): Promise<void> {
    const client = requireEsm<typeof Oidc>('openid-client');
    const { Strategy } = requireEsm<typeof OidcPassport>('openid-client/passport');
    const issuer = new URL(this.config.XERO_IDENTITY_URL);
    const insecure = issuer.protocol === 'http:' && this.config.APP_ENV !== 'production';
    const oidc = await client.discovery(issuer, this.config.XERO_CLIENT_ID, this.config.XERO_CLIENT_SECRET, undefined, {
      execute: insecure ? [client.allowInsecureRequests] : [],
      timeout: 10,
    });

    /** openid-client's strategy sends state and nonce only in some cases; we always want both. */
    class XeroStrategy extends Strategy {
      override authorizationCodeGrantParameters<T extends OidcPassport.AuthenticateOptions>(req: Request, options: T) {
        (req as StampedRequest)[ASKED_AT] = performance.now(); // the code exchange follows
        return super.authorizationCodeGrantParameters(req, options);
      }

      override authorizationRequestParams(req: Request, options: OidcPassport.AuthenticateOptions) {
        const params = new URLSearchParams(super.authorizationRequestParams(req, options));
        params.set('state', client.randomState());
        params.set('nonce', client.randomNonce());
        if ((options as { prompt?: string }).prompt) params.set('prompt', (options as { prompt: string }).prompt);
        return params;
      }
    }

    passport.use(
      STRATEGY,
      new XeroStrategy(
        {
          config: oidc,
          scope: SIGN_IN_SCOPES,
          callbackURL: this.callbackUrl,
          sessionKey: 'xeroSignIn',
          passReqToCallback: true,
        },
        (req, tokens, verified) => {
          const claims = tokens.claims();
          const xeroUserId = typeof claims?.xero_userid === 'string' ? claims.xero_userid : undefined;
          if (!claims || !xeroUserId || typeof claims.email !== 'string') {
            verified(null, false, { message: 'the id_token lacks xero_userid or email' });
            return;
          }
          const identity: XeroIdentity = {
            xeroUserId,
            email: claims.email,
            givenName: typeof claims.given_name === 'string' ? claims.given_name : undefined,
            familyName: typeof claims.family_name === 'string' ? claims.family_name : undefined,
          };
          // What Xero granted decides, not what we asked: only an accounting grant connects anything.
          const granted = (tokens.scope ?? '').split(' ').filter(Boolean);
          const exchange: CodeExchange | undefined = granted.some((s) => !IDENTITY_SCOPES.has(s))
            ? {
                tokens: {
                  access_token: tokens.access_token,
                  refresh_token: tokens.refresh_token,
                  id_token: tokens.id_token,
                  expires_in: tokens.expires_in ?? 1800,
                  token_type: tokens.token_type,
                  scope: tokens.scope,
                },
                idClaims: { ...claims },
                // stamped before the exchange left; were it missing, now (after the answer) errs late
                // by one exchange, which the refresh margin covers
                askedAt: (req as StampedRequest)[ASKED_AT] ?? performance.now(),
              }
            : undefined;
          verified(null, { identity, exchange } satisfies SignInOutcome);
        },
      ) as unknown as passport.Strategy,
    );
  }
}

/** openid-client's own message is generic ("invalid response"); its cause names the claim or parameter. */
export function describeOidcError(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  const detail =
    e.cause && typeof e.cause === 'object' && typeof e.cause.message === 'string' ? `: ${e.cause.message}` : '';
  return `${e.message ?? 'unknown error'}${detail}`;
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
