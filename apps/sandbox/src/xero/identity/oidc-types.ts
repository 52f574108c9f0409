// The slice of oidc-provider's API the sandbox uses (the package ships no type declarations).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface OidcGrant {
  addOIDCScope(scope: string): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}

export interface InteractionDetails {
  uid: string;
  prompt: { name: string; details: Record<string, unknown> };
  params: Record<string, unknown>;
  session?: { accountId?: string; uid?: string };
  grantId?: string;
}

export interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: {
    new (init: { accountId: string; clientId: string }): OidcGrant;
    find(id: string): Promise<OidcGrant | undefined>;
  };
  on(event: string, listener: (...args: unknown[]) => void): void;
  use(middleware: (ctx: OidcContext, next: () => Promise<void>) => Promise<void>): void;
}

/** The entities oidc-provider has loaded for a request, as far as the sandbox reads them. */
export interface OidcEntities {
  Grant?: { jti?: string };
  AuthorizationCode?: { scope?: string };
  RefreshToken?: { grantId?: string; scope?: string };
}

/** The slice of oidc-provider's Koa context the sandbox reads or writes. */
export interface OidcContext {
  oidc: {
    entities: OidcEntities;
    result?: { consent?: unknown };
    route?: string;
    params?: { scope?: unknown };
  };
  type?: string;
  body?: unknown;
}

export interface InteractionPolicyModule {
  base(this: void): { get(prompt: string): { checks: { add(check: unknown): void } } };
  Check: {
    new (reason: string, description: string, check: (ctx: OidcContext) => string): unknown;
    NO_NEED_TO_PROMPT: string;
    REQUEST_PROMPT: string;
  };
}
