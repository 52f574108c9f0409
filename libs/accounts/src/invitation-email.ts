import { GoneException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SecretStore } from '#lb/crypto';
import { Invitation } from './entities/invitation.entity';
import { OutboundEmail } from './entities/outbound-email.entity';

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

export const invitationLink = (publicUrl: string, token: string) => `${publicUrl}/invitations/accept#token=${token}`;

/**
 * An email as it is sent: an invitation's link filled in from its sealed token, inside the tenant's
 * transaction. For the mail transport only; the stored body never holds the link.
 */
export async function composeEmail(
  m: EntityManager,
  secrets: SecretStore,
  email: OutboundEmail,
  publicUrl: string,
): Promise<string> {
  if (!email.invitationId) return email.body;
  const inv = await m.findOneByOrFail(Invitation, { id: email.invitationId });
  if (!inv.tokenSecretId) throw new GoneException('This invitation is no longer pending');
  const token = await secrets.read(m, email.tenantId, inv.tokenSecretId, INVITATION_TOKEN_PURPOSE);
  return email.body.replace(INVITATION_LINK_PLACEHOLDER, invitationLink(publicUrl, token));
}
