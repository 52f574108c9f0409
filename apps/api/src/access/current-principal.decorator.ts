import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Principal, PrincipalRequest } from '#lb/access';

type MemberPrincipal = Extract<Principal, { kind: 'member' }>;

/** The signed-in tenant member; the access guard has already checked the role. */
export const CurrentMember = createParamDecorator((_: unknown, ctx: ExecutionContext): MemberPrincipal => {
  const principal = ctx.switchToHttp().getRequest<PrincipalRequest>().principal;
  if (principal?.kind !== 'member') throw new UnauthorizedException('Sign in first');
  return principal;
});
