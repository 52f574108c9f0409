import { Injectable } from '@nestjs/common';
import { jose } from './jose';
import { SandboxDatabase } from '../../db/sandbox-database';
import { checkPassword } from '../folders/secrets';

/** X3 answers 401 "Error NN: Invalid token" (21 iat in the future, 41 issuer, 42 subject, 45 audience, 50 signature or expiry). */
export class X3AuthError extends Error {
  constructor(
    readonly code: number,
    message = `Error ${code}: Invalid token`,
  ) {
    super(message);
  }
}

const CLOCK_TOLERANCE_S = 1;

/** The claims a connected application signs (Sage's samples: iss, sub, aud, iat, exp). */
interface TokenClaims {
  iss: string;
  sub?: string;
  audiences: string[];
  iat?: number;
  exp?: number;
}

interface ConnectedApp {
  secret: string;
  allowed_user: string;
  audience: string;
  token_validity_s: number;
}

function claimsOf(token: string): TokenClaims {
  let payload: Record<string, unknown>;
  try {
    payload = jose.decodeJwt(token);
  } catch {
    throw new X3AuthError(50);
  }
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const aud = payload.aud;
  return {
    iss: typeof payload.iss === 'string' ? payload.iss : '',
    sub: typeof payload.sub === 'string' ? payload.sub : undefined,
    // An absent audience is the empty one Sage's samples send (JWT_AUDIENCE = "").
    audiences: Array.isArray(aud) ? aud.map(String) : [typeof aud === 'string' ? aud : ''],
    iat: number(payload.iat),
    exp: number(payload.exp),
  };
}

@Injectable()
export class X3Authenticator {
  constructor(private readonly db: SandboxDatabase) {}

  /** Returns the X3 user the request runs as. */
  async authenticate(folder: string, authorization: string | undefined): Promise<string> {
    if (!authorization) throw new X3AuthError(10, 'Error 10: Authentication required');
    const [scheme, value] = authorization.split(/\s+/, 2);
    if (/^bearer$/i.test(scheme) && value) return this.bearer(folder, value);
    if (/^basic$/i.test(scheme) && value) return this.basic(folder, value);
    throw new X3AuthError(10, 'Error 10: Authentication required');
  }

  private async bearer(folder: string, token: string): Promise<string> {
    const claims = claimsOf(token);
    const [app] = await this.db.query<ConnectedApp>(
      'SELECT secret, allowed_user, audience, token_validity_s FROM x3_connected_apps WHERE folder = $1 AND client_id = $2',
      [folder, claims.iss],
    );
    if (!app) throw new X3AuthError(41);
    const now = Math.floor(Date.now() / 1000);
    if (claims.iat === undefined || claims.iat > now + CLOCK_TOLERANCE_S) throw new X3AuthError(21);
    try {
      await jose.jwtVerify(token, new TextEncoder().encode(app.secret), {
        algorithms: ['HS256'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
    } catch (error) {
      if (error instanceof jose.errors.JOSEError) throw new X3AuthError(50);
      throw error;
    }
    // The application's "token validity" is the longest life a token may have: a token signed
    // for longer (or issued long ago) is refused even though its own exp is in the future.
    if (claims.exp === undefined || claims.exp - claims.iat > app.token_validity_s) throw new X3AuthError(50);
    if (claims.sub !== app.allowed_user) throw new X3AuthError(42);
    if (claims.audiences.length === 0 || claims.audiences.some((audience) => audience !== app.audience))
      throw new X3AuthError(45);
    return app.allowed_user;
  }

  private async basic(folder: string, value: string): Promise<string> {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const [row] = await this.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM x3_basic_users WHERE folder = $1 AND user_name = $2',
      [folder, user],
    );
    if (colon < 0 || !row || !checkPassword(password, row.password_hash))
      throw new X3AuthError(10, 'Error 10: Invalid user or password');
    return user;
  }
}
