import { UnauthorizedException } from '@nestjs/common';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { PrincipalRequest } from '#lb/access';

/** API answers (exports, member lists, sessions) are personal: no browser or proxy may keep them. */
export function noStore(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

/**
 * In production the API description is for signed-in members and staff only: it maps every
 * route an attacker could probe. Elsewhere it stays open for developers.
 */
export function docsForSignedIn(production: boolean): RequestHandler {
  return (req: Request & PrincipalRequest, _res: Response, next: NextFunction) => {
    if (!production || req.principal) return next();
    next(new UnauthorizedException('Sign in to read the API description'));
  };
}
