import { NextFunction, Request, Response } from 'express';
import { MembersService } from '#lb/accounts';
import { PrincipalRequest } from '#lb/access';
import { runWithLogContext } from '#lb/observability';
import { SESSION_ABSOLUTE_MS, STAFF_SESSION_ABSOLUTE_MS } from './session/session-policy';
import './session/session-data';

/**
 * Turns the session into the request's principal. A session past its absolute lifetime is
 * emptied; a member's role is read fresh, so a removed member loses access on their next request.
 */
export function principalMiddleware(members: MembersService) {
  return async (req: Request & PrincipalRequest, _res: Response, next: NextFunction): Promise<void> => {
    try {
      const s = req.session;
      if (!s) return next();
      const now = Date.now();
      if (s.member && now - (s.createdAt ?? 0) > SESSION_ABSOLUTE_MS) delete s.member;
      if (s.staff && now - s.staff.passwordAt > STAFF_SESSION_ABSOLUTE_MS) delete s.staff;
      if (s.member) {
        // read with the session by the store; asked separately only of a session no store read
        const role =
          s.liveMemberRole !== undefined ? s.liveMemberRole : await members.roleOf(s.member.tenantId, s.member.userId);
        if (!role) delete s.member;
        else {
          req.principal = {
            kind: 'member',
            userId: s.member.userId,
            tenantId: s.member.tenantId,
            role,
            sessionId: req.sessionID,
          };
          // the rest of the request runs in this context: log lines and connector metrics see the tenant
          const context = { tenantId: s.member.tenantId, userId: s.member.userId };
          return runWithLogContext(context, () => next());
        }
      } else if (s.staff?.mfaAt) {
        req.principal = { kind: 'staff', staffId: s.staff.staffId, sessionId: req.sessionID };
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
