import type { NextFunction, Request, Response } from 'express';
import { exceptSessionless, isSessionlessPath } from './sessionless-routes';

describe('sessionless routes', () => {
  it('knows the Xero webhook route however express would match it, and nothing else', () => {
    for (const p of ['/xero/webhooks', '/xero/webhooks/', '/XERO/Webhooks']) expect(isSessionlessPath(p)).toBe(true);
    for (const p of ['/xero/webhooks/x', '/xero/webhook', '/xero', '/auth/me', '/billing/stripe/webhooks', '/'])
      expect(isSessionlessPath(p)).toBe(false);
  });

  it('skips the wrapped middleware on the webhook route only', () => {
    const inner = jest.fn((_req: Request, _res: Response, next: NextFunction) => next());
    const wrapped = exceptSessionless(inner);
    const next = jest.fn();
    wrapped({ path: '/xero/webhooks' } as Request, {} as Response, next);
    expect(inner).not.toHaveBeenCalled();
    wrapped({ path: '/auth/me' } as Request, {} as Response, next);
    expect(inner).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledTimes(2);
  });
});
