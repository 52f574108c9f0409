/** Purpose of an invitation's sealed token in `secrets` (part of the ciphertext's binding). */
export const INVITATION_TOKEN_PURPOSE = 'invitation.token';

/** Stands in for the link in the stored body; the sender fills it in from the sealed token. */
export const INVITATION_LINK_PLACEHOLDER = '{{invitation_link}}';

export function invitationEmailBody(tenantName: string, role: string): string {
  return [
    `You have been invited to join ${tenantName} as ${role}.`,
    `Accept within 7 days, signed in with Xero as the person this email was sent to: ${INVITATION_LINK_PLACEHOLDER}`,
    'The link works once.',
  ].join('\n\n');
}
