// `npm run staff:create|unlock|reset-totp`: the staff commands (apps/worker/src/cli/staff.ts) as
// run from a checkout. Variables set in the environment are used as they are, so DATABASE_URL (and
// SECRETS_KEYS / SECRETS_ACTIVE_KEY_ID) point the command at any database. Those not set are taken
// from the `npm start` running for this checkout (its .data/dev-stack.json: the embedded servers'
// ports change at every start), or, with no launcher running, the key ring from .data/dev-secrets.json.
// Production runs dist/apps/worker/src/cli/staff.js with its own environment and reads neither.
import { resolve } from 'node:path';
import { staffCli } from '../apps/worker/src/cli/staff';
import { dataDirOf, existingDevKeyRing, readDevState } from './devstack/dev-state';

const dataDir = dataDirOf(resolve(__dirname, '..'), process.env);
const given = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value));
const env = { ...existingDevKeyRing(dataDir), ...readDevState(dataDir), ...given };

if (!env.DATABASE_URL) {
  console.error(
    `No database: DATABASE_URL is not set and no \`npm start\` is running for ${dataDir}.\n` +
      'Start it (`npm start`) in another shell and run this again, or set DATABASE_URL (the runtime role), ' +
      'SECRETS_KEYS and SECRETS_ACTIVE_KEY_ID.',
  );
  process.exit(1);
}

staffCli(process.argv.slice(2), env).catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
