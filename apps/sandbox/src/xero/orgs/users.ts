import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';

export interface XeroUser {
  id: string;
  email: string;
  given_name: string;
  family_name: string;
}

function hash(password: string, salt = randomBytes(16).toString('hex')): string {
  return `${salt}:${scryptSync(password, salt, 32).toString('hex')}`;
}

/** Demo users who sign in on the sandbox's Xero login page. */
@Injectable()
export class XeroUsers {
  constructor(private readonly db: SandboxDatabase) {}

  async ensure(email: string, password: string, givenName = 'Demo', familyName = 'User'): Promise<XeroUser> {
    const lower = email.trim().toLowerCase();
    await this.db.query(
      `INSERT INTO xero_users (id, email, password_hash, given_name, family_name) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (email) DO NOTHING`,
      [randomUUID(), lower, hash(password), givenName, familyName],
    );
    return (await this.byEmail(lower))!;
  }

  async byEmail(email: string): Promise<XeroUser | undefined> {
    const rows = await this.db.query<XeroUser>(
      'SELECT id, email, given_name, family_name FROM xero_users WHERE email = $1',
      [email.trim().toLowerCase()],
    );
    return rows[0];
  }

  async byId(id: string): Promise<XeroUser | undefined> {
    const rows = await this.db.query<XeroUser>(
      'SELECT id, email, given_name, family_name FROM xero_users WHERE id::text = $1',
      [id],
    );
    return rows[0];
  }

  async verify(email: string, password: string): Promise<XeroUser | undefined> {
    const rows = await this.db.query<XeroUser & { password_hash: string }>(
      'SELECT * FROM xero_users WHERE email = $1',
      [email.trim().toLowerCase()],
    );
    const row = rows[0];
    if (!row) return undefined;
    const [salt, digest] = row.password_hash.split(':');
    const ok = timingSafeEqual(Buffer.from(digest, 'hex'), scryptSync(password, salt, 32));
    return ok ? { id: row.id, email: row.email, given_name: row.given_name, family_name: row.family_name } : undefined;
  }
}
