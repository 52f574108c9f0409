import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PrincipalRequest, ROUTE_ACCESS, RouteAccess } from '#lb/access';

/**
 * Global, deny-by-default: a route passes only through the access it declares (see
 * libs/access/route-access.ts). Without a session every non-public route answers 401.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access?.kind === 'public' || access?.kind === 'signature') return true;

    const principal = context.switchToHttp().getRequest<PrincipalRequest>().principal;
    if (!principal) throw new UnauthorizedException('Sign in first');
    if (!access) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no access; refused`);
      throw new ForbiddenException('This route is not open to anyone');
    }
    if (access.kind === 'staff') {
      if (principal.kind !== 'staff') throw new ForbiddenException('Support staff only');
      return true;
    }
    if (principal.kind !== 'member' || !access.roles.includes(principal.role)) {
      throw new ForbiddenException(`Requires role ${access.roles.join(' or ')}`);
    }
    return true;
  }
}
