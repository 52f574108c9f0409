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
    let claims;
    try {
      claims = jose.decodeJwt(token);
    } catch {
      throw new X3AuthError(50);
    }
    const [app] = await this.db.query<{ secret: string; allowed_user: string; audience: string }>(
      'SELECT secret, allowed_user, audience FROM x3_connected_apps WHERE folder = $1 AND client_id = $2',
      [folder, String(claims.iss ?? '')],
    );
    if (!app) throw new X3AuthError(41);
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.iat !== 'number' || claims.iat > now + CLOCK_TOLERANCE_S) throw new X3AuthError(21);
    try {
      await jose.jwtVerify(token, new TextEncoder().encode(app.secret), {
        algorithms: ['HS256'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
    } catch (error) {
      if (error instanceof jose.errors.JOSEError) throw new X3AuthError(50);
      throw error;
    }
    if (typeof claims.exp !== 'number') throw new X3AuthError(50);
    if (claims.sub !== app.allowed_user) throw new X3AuthError(42);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ''];
    if (app.audience !== '' && !audiences.includes(app.audience)) throw new X3AuthError(45);
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
