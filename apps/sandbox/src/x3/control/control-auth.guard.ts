import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { FolderService } from '../folders/folder-service';
import { X3_SANDBOX_CONFIG } from '../x3-tokens';
import { SandboxConfig } from '../../sandbox-config';
import { sameSecret } from '../folders/secrets';

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
  return match?.[1];
}

/** Control routes act on one folder and need that folder's control token. */
@Injectable()
export class FolderControlGuard implements CanActivate {
  constructor(private readonly folders: FolderService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const token = bearer(req);
    if (!token || !(await this.folders.checkControlToken(String(req.params.folder), token))) {
      throw new UnauthorizedException('Invalid control token for this folder');
    }
    return true;
  }
}

/** Creating a folder is open in development, or needs SANDBOX_X3_PROVISION_TOKEN when set. */
@Injectable()
export class ProvisionGuard implements CanActivate {
  constructor(@Inject(X3_SANDBOX_CONFIG) private readonly config: SandboxConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.x3?.provisionToken;
    if (!expected) return true;
    const token = bearer(context.switchToHttp().getRequest<Request>());
    if (!token || !sameSecret(token, expected)) throw new UnauthorizedException('Invalid provisioning token');
    return true;
  }
}
