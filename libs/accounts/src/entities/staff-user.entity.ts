import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Support staff: their own accounts (never a tenant's Xero login), password plus TOTP.
 * Global by nature; the TOTP secrets are sealed with SecretBox, bound to this row.
 */
@Entity({ name: 'staff_users' })
export class StaffUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_staff_users_email', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  /** scrypt$N$r$p$salt$hash */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  /** The confirmed second factor; null until the staff member enrols at their first sign-in. */
  @Column({ name: 'totp_ciphertext', type: 'text', nullable: true })
  totpCiphertext: string | null;

  /** A secret offered for enrolment: it becomes the factor only after a correct code. */
  @Column({ name: 'totp_pending_ciphertext', type: 'text', nullable: true })
  totpPendingCiphertext: string | null;

  /** The last TOTP time step accepted: a code is good once, never replayed. */
  @Column({ name: 'last_totp_step', type: 'bigint', nullable: true })
  lastTotpStep: string | null;

  /** Wrong passwords and codes since the last complete sign-in; at the limit the account locks. */
  @Column({ name: 'failed_sign_ins', type: 'integer', default: 0 })
  failedSignIns: number;

  /** Set when failures reached the limit; only `npm run staff:unlock` (audited) clears it. */
  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
