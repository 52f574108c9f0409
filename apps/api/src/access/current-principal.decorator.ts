import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Principal, PrincipalRequest } from '#lb/access';

/** A signed-in tenant member, as routes receive it. */
export type MemberPrincipal = Extract<Principal, { kind: 'member' }>;

/** The audit actor for a member's action. */
export const actorOf = (member: MemberPrincipal) => ({ kind: 'user' as const, id: member.userId });

/** The signed-in tenant member; the access guard has already checked the role. */
export const CurrentMember = createParamDecorator((_: unknown, ctx: ExecutionContext): MemberPrincipal => {
  const principal = ctx.switchToHttp().getRequest<PrincipalRequest>().principal;
  if (principal?.kind !== 'member') throw new UnauthorizedException('Sign in first');
  return principal;
});
