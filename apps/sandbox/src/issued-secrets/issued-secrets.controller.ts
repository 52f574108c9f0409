import { Controller, Get, Headers, Inject, NotFoundException, Query, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { SandboxDatabase } from '../db/sandbox-database';
import { SANDBOX_CONFIG } from '../sandbox.tokens';
import { SandboxConfig } from '../sandbox-config';

/** Test support: the secrets the sandbox issued since a time. Off unless SANDBOX_ADMIN_TOKEN is set. */
@Controller('sandbox-control/issued-secrets')
export class IssuedSecretsController {
  constructor(
    private readonly db: SandboxDatabase,
    @Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig,
  ) {}

  @Get()
  async list(
    @Headers('authorization') auth?: string,
    @Query('since') since?: string,
  ): Promise<Array<{ kind: string; value: string; path: string; issuedAt: string }>> {
    const expected = this.config.adminToken;
    if (!expected) throw new NotFoundException();
    const given = Buffer.from(auth?.startsWith('Bearer ') ? auth.slice(7) : '');
    if (given.length !== Buffer.byteLength(expected) || !timingSafeEqual(given, Buffer.from(expected)))
      throw new UnauthorizedException();
    const rows = await this.db.query<{ kind: string; value: string; path: string; issued_at: Date }>(
      'SELECT kind, value, path, issued_at FROM sandbox_issued_secrets WHERE issued_at >= $1 ORDER BY id',
      [since ? new Date(since) : new Date(0)],
    );
    return rows.map((r) => ({ kind: r.kind, value: r.value, path: r.path, issuedAt: r.issued_at.toISOString() }));
  }
}
