import { HttpException, NotFoundException } from '@nestjs/common';
import { INVITATION_REFUSAL_CODES, invitationRefusalOf, invitationRefused } from './invitation-refusals';

describe('invitation refusals', () => {
  it.each(INVITATION_REFUSAL_CODES.map((code) => [code]))('%s leaves as an HTTP error that names its code', (code) => {
    const error = invitationRefused(code);
    expect(error).toBeInstanceOf(HttpException);
    expect(error.getStatus()).toBeGreaterThanOrEqual(400);
    expect(error.getStatus()).toBeLessThan(500);
    expect(error.getResponse()).toMatchObject({ code, message: expect.any(String) });
    expect(invitationRefusalOf(error)).toBe(code);
  });

  it('names anything else invitation_failed, never a code from elsewhere', () => {
    expect(invitationRefusalOf(new Error('connection terminated'))).toBe('invitation_failed');
    expect(invitationRefusalOf(new NotFoundException({ message: 'x', code: 'reauth_required' }))).toBe(
      'invitation_failed',
    );
    expect(invitationRefusalOf(undefined)).toBe('invitation_failed');
  });

  it('answers the invited-email refusal with 403 and an already-member refusal with 409', () => {
    expect(invitationRefused('invitation_other_email').getStatus()).toBe(403);
    expect(invitationRefused('invitation_already_member').getStatus()).toBe(409);
  });
});
