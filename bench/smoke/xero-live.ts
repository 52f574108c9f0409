// `npm run smoke:xero-live` (manual, never in CI; docs/operations.md, "Live smoke against a Xero
// Demo Company"): the starter flows against a real Xero Demo Company with the operator's own Xero
// app. Embedded PostgreSQL and Redis, the X3 sandbox, one api and one worker process pointed at real
// Xero; the operator signs up with Xero in their own browser (the URL is printed, the consent comes
// back on the loopback redirect URI); a handful of X3 sandbox invoices go through our sync engine;
// it ends with an agreement check that reads Xero through its API with a plain HTTP client and the
// X3 sandbox's store directly. Exit 0 agree, 1 disagree or failure, 2 settings missing.
import { liveConfig, LiveConfigError } from './live-config';
import type { runLiveSmoke as RunLiveSmoke } from './live-run';

async function main(): Promise<number> {
  let cfg;
  try {
    cfg = liveConfig(process.env);
  } catch (e) {
    if (!(e instanceof LiveConfigError)) throw e;
    console.error(e.message);
    return 2;
  }
  // Loaded only now, so missing settings are reported at once, before the product's modules compile.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
  const { runLiveSmoke } = require('./live-run') as { runLiveSmoke: typeof RunLiveSmoke };
  return runLiveSmoke(cfg);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[smoke] failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
