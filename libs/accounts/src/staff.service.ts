import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import * as OTPAuth from 'otpauth';
import { SecretBox } from '#lb/crypto';
import { StaffUser } from './entities/staff-user.entity';
import { hashPassword, verifyPassword } from './passwords';

const TOTP_BINDING = (staffId: string) => ({ tenantId: 'staff', rowId: staffId, purpose: 'staff.totp' });

function totpFor(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Ledgerbridge Support',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/** Support staff accounts: password (scrypt) and TOTP second factor. Global, like users. */
export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
  ) {}

  /** Creates a staff account; returns the otpauth:// URI to enrol an authenticator (shown once). */
  async create(email: string, displayName: string, password: string): Promise<{ id: string; otpauthUri: string }> {
    if (password.length < 12) throw new Error('Staff passwords need at least 12 characters');
    const id = randomUUID();
    const secret = new OTPAuth.Secret({ size: 20 });
    await this.dataSource.getRepository(StaffUser).insert({
      id,
      email: email.toLowerCase(),
      displayName,
      passwordHash: await hashPassword(password),
      totpCiphertext: this.box.encrypt(secret.base32, TOTP_BINDING(id)),
    });
    return { id, otpauthUri: totpFor(secret.base32, email).toString() };
  }

  /** The staff member when the password matches; null otherwise (no hint which part was wrong). */
  async checkPassword(email: string, password: string): Promise<StaffUser | null> {
    const staff = await this.dataSource
      .getRepository(StaffUser)
      .findOneBy({ email: email.toLowerCase(), active: true });
    if (!staff) {
      await hashPassword(password); // same work either way: no timing hint that the email exists
      return null;
    }
    return (await verifyPassword(password, staff.passwordHash)) ? staff : null;
  }

  /** Accepts a current TOTP code once; a replayed or stale code is refused. */
  async checkTotp(staffId: string, code: string): Promise<boolean> {
    const repo = this.dataSource.getRepository(StaffUser);
    const staff = await repo.findOneBy({ id: staffId, active: true });
    if (!staff || !/^\d{6}$/.test(code)) return false;
    const totp = totpFor(this.box.decrypt(staff.totpCiphertext, TOTP_BINDING(staffId)), staff.email);
    const delta = totp.validate({ token: code, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(Date.now() / 30_000) + delta;
    // Conditional update: of two concurrent uses of the same code, exactly one wins.
    const result = await repo
      .createQueryBuilder()
      .update(StaffUser)
      .set({ lastTotpStep: String(step) })
      .where('id = :id AND (last_totp_step IS NULL OR last_totp_step < :step)', { id: staffId, step })
      .execute();
    return result.affected === 1;
  }
}
