import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { Role } from '#lb/database';

/**
 * Routes are deny-by-default: the global access guard refuses any route without one of these.
 * - public: anyone, with a stated reason (reviewed in the route-permission snapshot);
 * - signature: the caller proves itself with a signature or token the route's own guard checks;
 * - roles: a signed-in member of the tenant with one of the roles;
 * - staff: a support staff session.
 */
export type RouteAccess =
  | { kind: 'public'; reason: string }
  | { kind: 'signature'; reason: string }
  | { kind: 'roles'; roles: Role[] }
  | { kind: 'staff' };

export const ROUTE_ACCESS = 'lb:route-access';

export const Public = (reason: string) => SetMetadata(ROUTE_ACCESS, { kind: 'public', reason } satisfies RouteAccess);

export const SignatureAuth = (reason: string) =>
  SetMetadata(ROUTE_ACCESS, { kind: 'signature', reason } satisfies RouteAccess);

export const Roles = (...roles: [Role, ...Role[]]) =>
  SetMetadata(ROUTE_ACCESS, { kind: 'roles', roles } satisfies RouteAccess);

/** Any member may read; only owners and admins may change. */
export const AnyMember = () => Roles('owner', 'admin', 'viewer');
export const AdminOnly = () => Roles('owner', 'admin');

export const StaffOnly = () => applyDecorators(SetMetadata(ROUTE_ACCESS, { kind: 'staff' } satisfies RouteAccess));
