import { randomUUID } from 'node:crypto';
import { isEmail } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { SecretBox } from '#lb/crypto';
import { SessionRecord } from './entities/session.entity';
import { StaffUser } from './entities/staff-user.entity';
import { hashPassword, verifyPassword } from './passwords';
import { recordStaffEvent } from './staff/staff-audit';
import { matchingStep, newTotpSecret, TOTP_BINDING, totpFor } from './staff/staff-totp';

/** Wrong passwords and codes in a row (across both steps) before the account locks. */
export const STAFF_LOCK_AFTER_FAILURES = 10;

export type PasswordCheck = { outcome: 'ok'; staff: StaffUser } | { outcome: 'wrong' } | { outcome: 'locked' };
export type TotpCheck = 'ok' | 'enrolled' | 'wrong' | 'locked';

export class StaffAccountNotFoundError extends Error {
  constructor(email: string) {
    super(`No staff account for ${email}`);
  }
}

/**
 * Support staff accounts: password (scrypt) and a TOTP second factor enrolled at the first
 * sign-in. Repeated failures lock the account until an operator unlocks it (audited). Global, like users.
 */
export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
  ) {}

  /** Creates a staff account without a second factor: it is enrolled at the first sign-in. */
  async create(email: string, displayName: string, password: string, actor: string): Promise<{ id: string }> {
    if (password.length < 12) throw new Error('Staff passwords need at least 12 characters');
    // The sign-in form takes only what isEmail accepts: an account it would refuse is no account.
    if (!isEmail(email)) throw new Error(`"${email}" is not an email address the staff sign-in accepts`);
    const id = randomUUID();
    await this.dataSource.transaction(async (m) => {
      await m.insert(StaffUser, {
        id,
        email: email.toLowerCase(),
        displayName,
        passwordHash: await hashPassword(password),
      });
      await recordStaffEvent(m, { staffId: id, staffEmail: email.toLowerCase(), action: 'staff.created', actor });
    });
    return { id };
  }

  /** Whether the password matches; no hint which part was wrong, nor whether the email exists. */
  async checkPassword(email: string, password: string): Promise<PasswordCheck> {
    const staff = await this.dataSource
      .getRepository(StaffUser)
      .findOneBy({ email: email.toLowerCase(), active: true });
    if (!staff) {
      await hashPassword(password); // same work either way: no timing hint that the email exists
      return { outcome: 'wrong' };
    }
    const matches = await verifyPassword(password, staff.passwordHash);
    if (staff.lockedAt) return matches ? { outcome: 'locked' } : { outcome: 'wrong' };
    if (matches) return { outcome: 'ok', staff };
    await this.countFailure(staff.id); // may lock it; a wrong password is told only that it is wrong
    return { outcome: 'wrong' };
  }

  /** True until a second factor has been confirmed with a correct code. */
  async enrolmentRequired(staffId: string): Promise<boolean> {
    const staff = await this.dataSource.getRepository(StaffUser).findOneByOrFail({ id: staffId });
    return staff.totpCiphertext === null;
  }

  /**
   * The otpauth:// URI to enrol, for a staff member without a confirmed factor ('enrolled' once they
   * have one). The same pending secret is offered until it is confirmed, so a reload shows the same code.
   */
  async enrolment(staffId: string): Promise<{ otpauthUri: string } | 'enrolled' | 'locked'> {
    return this.dataSource.transaction(async (m) => {
      const staff = await m.findOne(StaffUser, { where: { id: staffId }, lock: { mode: 'pessimistic_write' } });
      if (!staff || staff.lockedAt) return 'locked';
      if (staff.totpCiphertext !== null) return 'enrolled';
      let sealed = staff.totpPendingCiphertext;
      if (!sealed) {
        sealed = this.box.encrypt(newTotpSecret(), TOTP_BINDING(staffId));
        await m.update(StaffUser, { id: staffId }, { totpPendingCiphertext: sealed });
      }
      return { otpauthUri: totpFor(this.box.decrypt(sealed, TOTP_BINDING(staffId)), staff.email).toString() };
    });
  }

  /**
   * Checks a code against the confirmed factor, or (at enrolment) against the pending secret, which
   * it then confirms. A code is accepted once: a replay in its window is refused.
   */
  async checkTotp(staffId: string, code: string): Promise<TotpCheck> {
    const repo = this.dataSource.getRepository(StaffUser);
    const staff = await repo.findOneBy({ id: staffId, active: true });
    if (!staff) return 'wrong';
    if (staff.lockedAt) return 'locked';
    const sealed = staff.totpCiphertext ?? staff.totpPendingCiphertext;
    const step = sealed
      ? matchingStep(totpFor(this.box.decrypt(sealed, TOTP_BINDING(staffId)), staff.email), code)
      : null;
    if (step === null) return (await this.countFailure(staffId)) ? 'locked' : 'wrong';
    const enrolling = staff.totpCiphertext === null;
    return this.dataSource.transaction(async (m) => {
      // Conditional update: of two concurrent uses of the same code, exactly one wins.
      const result = await m
        .createQueryBuilder()
        .update(StaffUser)
        .set({
          lastTotpStep: String(step),
          failedSignIns: 0,
          ...(enrolling ? { totpCiphertext: sealed, totpPendingCiphertext: null } : {}),
        })
        .where('id = :id AND locked_at IS NULL AND (last_totp_step IS NULL OR last_totp_step < :step)', {
          id: staffId,
          step,
        })
        .andWhere(enrolling ? 'totp_ciphertext IS NULL AND totp_pending_ciphertext = :sealed' : 'TRUE', { sealed })
        .execute();
      if (result.affected !== 1) return (await this.countFailure(staffId, m)) ? 'locked' : 'wrong';
      if (!enrolling) return 'ok';
      await recordStaffEvent(m, {
        staffId,
        staffEmail: staff.email,
        action: 'staff.totp_enrolled',
        actor: `staff:${staffId}`,
      });
      return 'enrolled';
    });
  }

  /** Clears a lock and the failure count (operator command); audited. */
  unlock(email: string, actor: string): Promise<void> {
    return this.operatorChange(email, actor, 'staff.unlocked', { lockedAt: null, failedSignIns: 0 });
  }

  /**
   * Removes the second factor (lost phone): the next sign-in enrols a new one. Signs the person out
   * everywhere, so no session made with the old factor survives. Audited.
   */
  resetTotp(email: string, actor: string): Promise<void> {
    return this.operatorChange(email, actor, 'staff.totp_reset', {
      totpCiphertext: null,
      totpPendingCiphertext: null,
      lastTotpStep: null,
    });
  }

  private operatorChange(
    email: string,
    actor: string,
    action: 'staff.unlocked' | 'staff.totp_reset',
    change: Partial<StaffUser>,
  ): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      const staff = await m.findOne(StaffUser, {
        where: { email: email.toLowerCase() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!staff) throw new StaffAccountNotFoundError(email);
      await m.update(StaffUser, { id: staff.id }, change);
      if (action === 'staff.totp_reset') await m.delete(SessionRecord, { staffId: staff.id });
      await recordStaffEvent(m, {
        staffId: staff.id,
        staffEmail: staff.email,
        action,
        actor,
        details: { wasLocked: staff.lockedAt !== null, failedSignIns: staff.failedSignIns },
      });
    });
  }

  /** Counts a failure in one statement (parallel guesses all count); true once the account is locked. */
  private async countFailure(staffId: string, manager?: EntityManager): Promise<boolean> {
    const run = async (m: EntityManager) => {
      const rows = await m.query<
        [Array<{ email: string; failed_sign_ins: number; locked_at: Date | null; just_locked: boolean }>, number]
      >(
        `UPDATE staff_users SET failed_sign_ins = failed_sign_ins + 1,
           locked_at = CASE WHEN locked_at IS NULL AND failed_sign_ins + 1 >= $2 THEN now() ELSE locked_at END
         WHERE id = $1
         RETURNING email, failed_sign_ins, locked_at, (locked_at IS NOT NULL AND failed_sign_ins = $2) AS just_locked`,
        [staffId, STAFF_LOCK_AFTER_FAILURES],
      );
      const row = rows[0][0];
      if (row?.just_locked)
        await recordStaffEvent(m, {
          staffId,
          staffEmail: row.email,
          action: 'staff.locked',
          actor: 'system',
          details: { failedSignIns: row.failed_sign_ins },
        });
      return Boolean(row?.locked_at);
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }
}
