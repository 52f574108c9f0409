import { Controller, Get } from '@nestjs/common';
import { SandboxDatabase } from './db/sandbox-database';

@Controller()
export class SandboxHealthController {
  constructor(private readonly db: SandboxDatabase) {}

  @Get('health')
  async health(): Promise<{ status: string }> {
    await this.db.query('SELECT 1');
    return { status: 'ok' };
  }
}
