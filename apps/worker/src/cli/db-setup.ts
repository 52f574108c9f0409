// Database set-up for a deployment, built into dist/ so it runs where the apps run:
//   1. with DATABASE_SUPERUSER_URL: create the owner and runtime roles and the database
//      (passwords from DATABASE_OWNER_PASSWORD / DATABASE_RUNTIME_PASSWORD), and with
//      DATABASE_SANDBOX_PASSWORD the sandbox's own role and database;
//   2. run pending migrations as the owner (DATABASE_OWNER_URL, or derived from step 1).
import 'reflect-metadata';
import { bootstrapDatabase, roleUrl } from '#lb/database';
import { runMigrations } from '#lb/schema';

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const database = process.env.DATABASE_NAME ?? 'ledgerbridge';
  let ownerUrl = process.env.DATABASE_OWNER_URL;
  const superuserUrl = process.env.DATABASE_SUPERUSER_URL;
  if (superuserUrl) {
    const owner = { name: process.env.DATABASE_OWNER_ROLE ?? 'lb_owner', password: need('DATABASE_OWNER_PASSWORD') };
    const runtime = {
      name: process.env.DATABASE_RUNTIME_ROLE ?? 'lb_app',
      password: need('DATABASE_RUNTIME_PASSWORD'),
    };
    // The sandbox (try mode) gets its own role and database when its password is given.
    const sandboxPassword = process.env.DATABASE_SANDBOX_PASSWORD;
    const sandbox = sandboxPassword
      ? {
          database: process.env.SANDBOX_DATABASE_NAME ?? 'ledgerbridge_sandbox',
          role: { name: process.env.DATABASE_SANDBOX_ROLE ?? 'lb_sandbox', password: sandboxPassword },
        }
      : undefined;
    await bootstrapDatabase({ superuserUrl, database, owner, runtime, sandbox });
    console.log(`Roles ${owner.name}, ${runtime.name} and database ${database} are in place.`);
    if (sandbox) console.log(`Role ${sandbox.role.name} and database ${sandbox.database} are in place.`);
    ownerUrl ??= roleUrl(superuserUrl, database, owner);
  }
  if (!ownerUrl) throw new Error('Set DATABASE_OWNER_URL (or DATABASE_SUPERUSER_URL to bootstrap first)');
  const applied = await runMigrations(ownerUrl);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'No pending migrations.');
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
