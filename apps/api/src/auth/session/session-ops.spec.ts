import { safeReturnTo } from './session-ops';

describe('safeReturnTo', () => {
  it.each(['/', '/settings/connections', '/audit?action=member.'])('keeps the same-site path %s', (p) => {
    expect(safeReturnTo(p)).toBe(p);
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/api/auth/logout',
    '/x\u0000y',
    42,
    undefined,
  ])('refuses %p', (p) => {
    expect(safeReturnTo(p)).toBeUndefined();
  });
});
