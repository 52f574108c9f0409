import { ConflictException, ForbiddenException, GoneException, HttpException, NotFoundException } from '@nestjs/common';

/**
 * Why an invitation was not accepted. These codes are all the SPA is told (as `code` in the error
 * body, or `?error=` when the refusal happened during Sign in with Xero); it shows its own words
 * for each. `invitation_failed`: anything else, logged.
 */
export const INVITATION_REFUSAL_CODES = [
  'invitation_invalid',
  'invitation_used',
  'invitation_withdrawn',
  'invitation_expired',
  'invitation_other_email',
  'invitation_already_member',
  'invitation_failed',
] as const;
export type InvitationRefusalCode = (typeof INVITATION_REFUSAL_CODES)[number];

const REFUSALS: Record<InvitationRefusalCode, { status: new (body: object) => HttpException; message: string }> = {
  invitation_invalid: { status: NotFoundException, message: 'This invitation link is not valid' },
  invitation_used: { status: GoneException, message: 'This invitation has already been used' },
  invitation_withdrawn: { status: GoneException, message: 'This invitation was withdrawn' },
  invitation_expired: { status: GoneException, message: 'This invitation has expired; ask for a new one' },
  invitation_other_email: {
    status: ForbiddenException,
    message: 'This invitation is for another email address: sign in with the Xero login of the person invited',
  },
  invitation_already_member: { status: ConflictException, message: 'You are already a member of this organisation' },
  invitation_failed: { status: ConflictException, message: 'The invitation could not be accepted' },
};

/** The HTTP error for a refusal: its status, a message, and the code. */
export function invitationRefused(code: InvitationRefusalCode): HttpException {
  const { status, message } = REFUSALS[code];
  return new status({ message, code });
}

/** The refusal code an error carries, or `invitation_failed` for any other error. */
export function invitationRefusalOf(error: unknown): InvitationRefusalCode {
  const code = error instanceof HttpException ? (error.getResponse() as { code?: unknown }).code : undefined;
  return (INVITATION_REFUSAL_CODES as readonly unknown[]).includes(code)
    ? (code as InvitationRefusalCode)
    : 'invitation_failed';
}
