// Support staff accounts (never tenant users). Every command is written to staff_audit_log with
// the operator's OS user name.
//   staff create <email> "<display name>"   password from STAFF_PASSWORD (≥ 12 characters); the
//                                           authenticator is enrolled at the first sign-in (QR code)
//   staff unlock <email>                    clears a lock after repeated failed sign-ins
//   staff reset-totp <email>                removes the second factor (lost phone) and signs the
//                                           person out everywhere; the next sign-in enrols anew
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { StaffService } from '#lb/accounts';
import { loadConfigOf } from '#lb/config';
import { KeyRing, SecretBox } from '#lb/crypto';
import { createDataSource } from '#lb/database';
import { ALL_ENTITIES } from '#lb/schema';

const USAGE = [
  'usage: staff create <email> "<display name>"   (password in STAFF_PASSWORD)',
  '       staff unlock <email>',
  '       staff reset-totp <email>',
].join('\n');

async function run(
  staff: StaffService,
  [command, email, displayName]: string[],
  actor: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  if (command === 'create' && email && displayName) {
    const password = env.STAFF_PASSWORD;
    if (!password) throw new Error('Set STAFF_PASSWORD to the new account password');
    const { id } = await staff.create(email, displayName, password, actor);
    return `Created staff account ${id} for ${email}. The authenticator app is enrolled at the first sign-in (/staff).`;
  }
  if (command === 'unlock' && email) {
    await staff.unlock(email, actor);
    return `Unlocked ${email}; recorded in staff_audit_log as ${actor}.`;
  }
  if (command === 'reset-totp' && email) {
    await staff.resetTotp(email, actor);
    return `Removed the second factor of ${email} and ended their sessions; they enrol a new one at their next sign-in.`;
  }
  throw new Error(USAGE);
}

/** Runs one command; scripts/staff.ts (`npm run staff:*`) calls it with the dev launcher's settings. */
export async function staffCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Only what these commands use: an operator's shell need not carry Redis or session settings.
  const config = loadConfigOf(['DATABASE_URL', 'SECRETS_KEYS', 'SECRETS_ACTIVE_KEY_ID'], env);
  const ds = await createDataSource(config.DATABASE_URL, ALL_ENTITIES).initialize();
  try {
    const staff = new StaffService(ds, new SecretBox(KeyRing.parse(config.SECRETS_KEYS, config.SECRETS_ACTIVE_KEY_ID)));
    console.log(await run(staff, args, `cli:${userInfo().username}`, env));
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  staffCli(process.argv.slice(2)).catch((error) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
