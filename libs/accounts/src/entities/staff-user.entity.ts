import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Support staff: their own accounts (never a tenant's Xero login), password plus TOTP.
 * Global by nature; the TOTP secret is sealed with SecretBox, bound to this row.
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

  @Column({ name: 'totp_ciphertext', type: 'text' })
  totpCiphertext: string;

  /** The last TOTP time step accepted: a code is good once, never replayed. */
  @Column({ name: 'last_totp_step', type: 'bigint', nullable: true })
  lastTotpStep: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
