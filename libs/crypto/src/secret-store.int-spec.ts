import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretRecord, TenantTransactions } from '#lb/database';
import { createTenant, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { KeyRing } from './key-ring';
import { SecretBox, SecretDecryptionError } from './secret-box';
import { SecretStore } from './secret-store';

describe('SecretStore on PostgreSQL', () => {
  let ds: DataSource;
  let owner: DataSource;
  let tx: TenantTransactions;
  const k1 = randomBytes(32);
  const store = new SecretStore(new SecretBox(new KeyRing({ k1 }, 'k1')));

  beforeAll(async () => {
    ds = await runtimeDataSource();
    owner = await ownerDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await owner.destroy();
  });

  it('stores only ciphertext and reads the secret back in its tenant', async () => {
    const t = await createTenant(tx);
    const id = await tx.run(t, (m) => store.create(m, t, 'x3.client_secret', 'hunter2-secret'));
    const [row] = await owner.query('SELECT ciphertext, key_id FROM secrets WHERE id = $1', [id]);
    expect(row.ciphertext).not.toContain('hunter2');
    expect(row.key_id).toBe('k1');
    await expect(tx.run(t, (m) => store.read(m, t, id, 'x3.client_secret'))).resolves.toBe('hunter2-secret');
  });

  it('does not decrypt a ciphertext copied onto another row, same tenant or another', async () => {
    const a = await createTenant(tx);
    const b = await createTenant(tx);
    const source = await tx.run(a, (m) => store.create(m, a, 'xero.token_set', 'refresh-A'));
    const sameTenantRow = await tx.run(a, (m) => store.create(m, a, 'xero.token_set', 'other'));
    const otherTenantRow = await tx.run(b, (m) => store.create(m, b, 'xero.token_set', 'refresh-B'));
    // An attacker with write access to the table copies the ciphertext over (owner bypasses RLS).
    await owner.query(
      'UPDATE secrets SET ciphertext = (SELECT ciphertext FROM secrets WHERE id = $1) WHERE id = ANY($2::uuid[])',
      [source, [sameTenantRow, otherTenantRow]],
    );
    await expect(tx.run(a, (m) => store.read(m, a, sameTenantRow, 'xero.token_set'))).rejects.toThrow(
      SecretDecryptionError,
    );
    await expect(tx.run(b, (m) => store.read(m, b, otherTenantRow, 'xero.token_set'))).rejects.toThrow(
      SecretDecryptionError,
    );
    await expect(tx.run(a, (m) => store.read(m, a, source, 'xero.token_set'))).resolves.toBe('refresh-A');
  });

  it("cannot read another tenant's secret even by id", async () => {
    const a = await createTenant(tx);
    const b = await createTenant(tx);
    const id = await tx.run(a, (m) => store.create(m, a, 'xero.token_set', 'A-only'));
    await expect(tx.run(b, (m) => store.read(m, b, id, 'xero.token_set'))).rejects.toThrow(/not found/);
    await expect(tx.run(b, (m) => m.count(SecretRecord))).resolves.toBe(0);
  });
});
