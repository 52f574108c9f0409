// Support staff accounts (never tenant users):
//   staff create <email> "<display name>"   password from STAFF_PASSWORD (≥ 12 characters)
// Prints the otpauth:// URI once: add it to an authenticator app; it is not shown again.
import 'reflect-metadata';
import { StaffService } from '#lb/accounts';
import { loadConfigOrExit } from '#lb/config';
import { KeyRing, SecretBox } from '#lb/crypto';
import { createDataSource } from '#lb/database';
import { ALL_ENTITIES } from '#lb/schema';

async function main([command, email, displayName]: string[]): Promise<void> {
  if (command !== 'create' || !email || !displayName)
    throw new Error('usage: staff create <email> "<display name>" (password in STAFF_PASSWORD)');
  const password = process.env.STAFF_PASSWORD;
  if (!password) throw new Error('Set STAFF_PASSWORD to the new account password');
  const config = loadConfigOrExit();
  const ds = await createDataSource(config.DATABASE_URL, ALL_ENTITIES).initialize();
  try {
    const staff = new StaffService(ds, new SecretBox(KeyRing.parse(config.SECRETS_KEYS, config.SECRETS_ACTIVE_KEY_ID)));
    const { id, otpauthUri } = await staff.create(email, displayName, password);
    console.log(`Created staff account ${id} for ${email}.`);
    console.log(`Authenticator enrolment (shown once): ${otpauthUri}`);
  } finally {
    await ds.destroy();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
