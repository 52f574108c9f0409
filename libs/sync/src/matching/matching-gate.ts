// What the sync engine reads of first-connection matching, in its own tenant transaction: whether
// the user confirmed it (no write to the organisation before), and the contact names confirmed to
// resolve clashes (the Name the contact writer sends instead of the X3 one).
import { EntityManager, In } from 'typeorm';
import { SyncContactName } from './contact-name.entity';
import { SyncMatching } from './matching.entity';

/** False with no matching run, or a run not confirmed ("matching not confirmed"). */
export async function isMatchingConfirmed(m: EntityManager, integrationId: string): Promise<boolean> {
  const matching = await m.findOne(SyncMatching, { where: { integrationId }, select: { id: true, confirmedAt: true } });
  return !!matching?.confirmedAt;
}

/** X3 key → confirmed Xero contact name, for the customers or suppliers given (1,000 keys a query). */
export async function confirmedContactNames(
  m: EntityManager,
  integrationId: string,
  entity: 'customer' | 'supplier',
  x3Keys: string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const unique = [...new Set(x3Keys)];
  for (let at = 0; at < unique.length; at += 1000) {
    const rows = await m.find(SyncContactName, {
      where: { integrationId, entity, x3Key: In(unique.slice(at, at + 1000)) },
    });
    for (const row of rows) names.set(row.x3Key, row.name);
  }
  return names;
}
