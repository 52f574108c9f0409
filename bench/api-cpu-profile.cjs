// Preloaded (-r) into the api by the api-p95 bench when API_P95_CPU_PROF names a directory: a V8
// CPU profile of the whole run, written there as api-<pid>.cpuprofile when the bench stops the api
// (node refuses --cpu-prof in NODE_OPTIONS, and Nest re-raises SIGTERM, which would skip its write),
// and api-<pid>.queries: how many queries the api sent PostgreSQL (round trips: a figure the
// machine's load does not change).
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');

let queries = 0;
const query = Client.prototype.query;
Client.prototype.query = function (...args) {
  queries += 1;
  return query.apply(this, args);
};
const session = new Session();
session.connect();
session.post('Profiler.enable', () => session.post('Profiler.start'));
process.once('SIGTERM', () =>
  session.post('Profiler.stop', (error, result) => {
    const dir = process.env.API_P95_CPU_PROF;
    writeFileSync(join(dir, `api-${process.pid}.queries`), `${queries}\n`);
    if (!error) writeFileSync(join(dir, `api-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    process.exit(0);
  }),
);
