// `npm run db:bootstrap`: once per environment, with a superuser URL, create the owner role
// (migrations), the runtime role (the apps; no RLS bypass) and the databases. Then run
// `DATABASE_OWNER_URL=... npm run migration:run`. Passwords come from the environment.
import { bootstrapDatabase } from '../libs/database/src/bootstrap/bootstrap-roles';

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

bootstrapDatabase({
  superuserUrl: need('DATABASE_SUPERUSER_URL'),
  database: process.env.DATABASE_NAME ?? 'ledgerbridge',
  owner: { name: process.env.DATABASE_OWNER_ROLE ?? 'lb_owner', password: need('DATABASE_OWNER_PASSWORD') },
  runtime: { name: process.env.DATABASE_RUNTIME_ROLE ?? 'lb_app', password: need('DATABASE_RUNTIME_PASSWORD') },
  extraDatabases: [process.env.SANDBOX_DATABASE_NAME ?? 'ledgerbridge_sandbox'],
}).then(
  () => console.log('Roles and databases are in place.'),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
