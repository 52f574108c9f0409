import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { SecretRecord } from '#lb/database';
import { SecretBox } from './secret-box';

export class SecretNotFoundError extends Error {
  constructor(id: string) {
    super(`Secret ${id} not found`);
  }
}

/**
 * Reads and writes rows of `secrets` inside a caller's tenant transaction (the manager comes from
 * TenantTransactions.run, so RLS already scopes every statement to that tenant).
 */
export class SecretStore {
  constructor(private readonly box: SecretBox) {}

  async create(manager: EntityManager, tenantId: string, purpose: string, plaintext: string): Promise<string> {
    const id = randomUUID();
    const ciphertext = this.box.encrypt(plaintext, { tenantId, rowId: id, purpose });
    await manager.insert(SecretRecord, { id, tenantId, purpose, keyId: this.box.activeKeyId, ciphertext });
    return id;
  }

  async read(manager: EntityManager, tenantId: string, id: string, purpose: string): Promise<string> {
    const row = await manager.findOne(SecretRecord, { where: { id, tenantId, purpose } });
    if (!row) throw new SecretNotFoundError(id);
    return this.box.decrypt(row.ciphertext, { tenantId, rowId: id, purpose });
  }

  async replace(
    manager: EntityManager,
    tenantId: string,
    id: string,
    purpose: string,
    plaintext: string,
  ): Promise<void> {
    const ciphertext = this.box.encrypt(plaintext, { tenantId, rowId: id, purpose });
    const result = await manager.update(
      SecretRecord,
      { id, tenantId, purpose },
      { ciphertext, keyId: this.box.activeKeyId },
    );
    if (!result.affected) throw new SecretNotFoundError(id);
  }

  async remove(manager: EntityManager, tenantId: string, id: string): Promise<void> {
    await manager.delete(SecretRecord, { id, tenantId });
  }

  /**
   * Re-wraps up to `limit` of this tenant's secrets that are not under the active key. Rows
   * another rotator holds are skipped, so parallel workers share the sweep. Returns how many moved.
   */
  async rotateBatch(manager: EntityManager, tenantId: string, limit = 200): Promise<number> {
    const rows: SecretRecord[] = await manager
      .createQueryBuilder(SecretRecord, 's')
      .where('s.tenant_id = :tenantId AND s.key_id <> :active', { tenantId, active: this.box.activeKeyId })
      .orderBy('s.id')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    for (const row of rows) {
      const ciphertext = this.box.rewrap(row.ciphertext, { tenantId, rowId: row.id, purpose: row.purpose });
      await manager.update(SecretRecord, { id: row.id, tenantId }, { ciphertext, keyId: this.box.activeKeyId });
    }
    return rows.length;
  }
}
