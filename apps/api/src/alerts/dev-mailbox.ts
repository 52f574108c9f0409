import { OutboundEmail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';

export interface DevMailView {
  id: string;
  to: string;
  subject: string;
  body: string;
  queuedAt: string;
  sentAt: string | null;
}

/** Only outside production: there the mail transport sends them and nobody reads the outbox here. */
export const devMailViewerEnabled = (appEnv: string) => appEnv === 'development' || appEnv === 'test';

/**
 * The tenant's email outbox as it stands (alert notices, invitations), newest first: what would
 * have been sent. An invitation's link is not in the stored text (filled in from the sealed token
 * when sent), so no credential is shown.
 */
export class DevMailbox {
  constructor(private readonly tx: TenantTransactions) {}

  list(tenantId: string): Promise<DevMailView[]> {
    return this.tx.run(tenantId, async (m) =>
      (await m.find(OutboundEmail, { order: { createdAt: 'DESC' }, take: 200 })).map((e) => ({
        id: e.id,
        to: e.toAddress,
        subject: e.subject,
        body: e.body,
        queuedAt: e.createdAt.toISOString(),
        sentAt: e.sentAt?.toISOString() ?? null,
      })),
    );
  }
}
