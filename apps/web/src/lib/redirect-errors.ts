import type { components } from '../api/generated/api-types';

// The api sends the browser back with `?error=<code>`. Only these texts are ever shown: words in
// the address bar are not (a crafted link could otherwise make our page say "call this number").

type SignInErrorCode = components['schemas']['SignInErrorCode'];
type ConnectErrorCode = components['schemas']['ConnectErrorCode'];
type InvitationErrorCode = components['schemas']['InvitationErrorCode'];

const SIGN_IN: Record<SignInErrorCode, string> = {
  access_denied: 'Access was not allowed at Xero, so you are not signed in.',
  sign_in_failed: 'Signing in with Xero did not complete.',
};

const CONNECT: Record<ConnectErrorCode, string> = {
  connect_expired: 'The connection attempt expired or did not start here; try again.',
  access_denied: 'Xero access was not granted.',
  xero_error: 'Xero did not complete the connection; try again.',
  organisation_taken:
    'That Xero organisation is already connected to another Ledgerbridge account. Disconnect it there first.',
  connect_failed: 'Connecting Xero failed; try again.',
};

const INVITATION: Record<InvitationErrorCode, string> = {
  invitation_invalid: 'This invitation link is not valid. Check that you opened the whole link from the email.',
  invitation_used: 'This invitation has already been used.',
  invitation_withdrawn: 'This invitation was withdrawn by the organisation.',
  invitation_expired: 'This invitation has expired.',
  invitation_other_email:
    'This invitation is for a different email address. Sign in with the Xero login of the person who was invited.',
  invitation_already_member: 'You are already a member of this organisation.',
  invitation_failed: 'The invitation could not be accepted.',
};

const known = <T extends string>(messages: Record<T, string>, code: string): code is T =>
  Object.prototype.hasOwnProperty.call(messages, code);

/** The text for `/sign-in?error=`; null when there is no error. */
export function signInErrorText(code: string | null): string | null {
  if (code === null) return null;
  return known(SIGN_IN, code) ? SIGN_IN[code] : 'Signing in did not complete.';
}

/** The text for the connections page's `?error=`; null when there is no error. */
export function connectErrorText(code: string | null): string | null {
  if (code === null) return null;
  return known(CONNECT, code) ? CONNECT[code] : 'Connecting to Xero did not complete; try again.';
}

/** `?refused=`: organisations already connected elsewhere; only a count is read from the address. */
export function refusedText(value: string | null): string | null {
  if (value === null) return null;
  const count = /^\d{1,3}$/.test(value) ? Number(value) : 0;
  const which =
    count === 1
      ? 'One Xero organisation you chose is'
      : count > 1
        ? `${count} Xero organisations you chose are`
        : 'A Xero organisation you chose is';
  return `${which} already connected to another Ledgerbridge account. Disconnect it there first.`;
}

/**
 * Why an invitation was refused: `?error=` after Sign in with Xero, or the api error's `code`.
 * null when there is no code; a generic line for a code we do not know.
 */
export function invitationErrorText(code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  return known(INVITATION, code) ? INVITATION[code] : 'The invitation could not be accepted.';
}
