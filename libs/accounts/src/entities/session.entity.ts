import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Server-side sessions (global: a session exists before anyone knows its tenant). The id is the
 * SHA-256 of the cookie's value, so the table alone cannot be replayed as cookies.
 */
@Entity({ name: 'sessions' })
export class SessionRecord {
  @PrimaryColumn({ name: 'id_hash', type: 'text' })
  idHash: string;

  @Index('ix_sessions_user')
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Index('ix_sessions_staff')
  @Column({ name: 'staff_id', type: 'uuid', nullable: true })
  staffId: string | null;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Index('ix_sessions_expires')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
