// What the api puts in `?error=` when it sends the browser back to the SPA: a code from these lists,
// never free text (a link could otherwise make our page say anything). The SPA maps each code to
// its own words; the OpenAPI document carries the lists so the SPA's map is checked for gaps.
import { INVITATION_REFUSAL_CODES, InvitationRefusalCode } from '#lb/accounts';

/** `/sign-in?error=`: the person declined at Xero, or anything else went wrong (logged). */
export const SIGN_IN_ERROR_CODES = ['access_denied', 'sign_in_failed'] as const;
export type SignInErrorCode = (typeof SIGN_IN_ERROR_CODES)[number];

/** The connections page after "Connect Xero": `?error=`. */
export const CONNECT_ERROR_CODES = [
  'connect_expired',
  'access_denied',
  'xero_error',
  'organisation_taken',
  'connect_failed',
] as const;
export type ConnectErrorCode = (typeof CONNECT_ERROR_CODES)[number];

/**
 * `/invitations/accept?error=` after Sign in with Xero with a refused invitation, and the `code`
 * of the error body when a signed-in member's acceptance is refused (the codes live with the rule, in libs/accounts).
 */
export const INVITATION_ERROR_CODES = INVITATION_REFUSAL_CODES;
export type InvitationErrorCode = InvitationRefusalCode;
