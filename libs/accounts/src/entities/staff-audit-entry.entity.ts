import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What happened to staff accounts (created, locked, unlocked, factor reset), and who did it.
 * Global like staff_users; append-only (a trigger refuses UPDATE/DELETE/TRUNCATE).
 */
@Entity({ name: 'staff_audit_log' })
@Index('ix_staff_audit_log_staff', ['staffId', 'createdAt'])
export class StaffAuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @Column({ name: 'staff_email', type: 'text' })
  staffEmail: string;

  /** e.g. staff.created, staff.locked, staff.unlocked, staff.totp_reset, staff.totp_enrolled */
  @Column({ type: 'text' })
  action: string;

  /** Who: "cli:<os user>" for operator commands, "system" for automatic locks, "staff:<id>" for the person. */
  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
