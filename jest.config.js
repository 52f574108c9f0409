// One jest run, three projects. Integration, e2e and browser suites need the services that
// scripts/test.ts starts (embedded PostgreSQL, a local redis-server) and exports as env vars.
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const common = {
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/scripts', '<rootDir>/bench'],
  // Node's own require for ESM-only packages (see libs/platform/src/require-esm.ts).
  testEnvironment: '<rootDir>/scripts/testing/native-esm.environment.js',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  moduleNameMapper: { '^#lb/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/src/'],
};

// The fault-injection suite and the bench-harness proof (`npm run test:faults`,
// `npm run test:bench-harness`; LB_TEST_FAULTS=1): long and load-sensitive, so they run only when
// asked for, and then alone (jest's --selectProjects would swallow the paths given after it).
const faults = {
  ...common,
  displayName: 'faults',
  testMatch: ['**/*.fault-spec.ts', '**/*.proof-spec.ts'],
  setupFiles: ['<rootDir>/scripts/testing/require-services.ts', '<rootDir>/scripts/testing/integration-timeout.ts'],
};

module.exports =
  process.env.LB_TEST_FAULTS === '1'
    ? { projects: [faults] }
    : {
        // A jest worker runs many suites and keeps what their modules leave behind: in a full run one
        // reached 4.3 GB RSS and spent its time in GC, slowing every suite on the machine (a connect
        // to PostgreSQL timed out at 5 s). Jest replaces a worker whose heap is over this after a suite.
        workerIdleMemoryLimit: '1GB',
        // spaces the sync proof worlds out, which run one at a time (see the sequencer)
        testSequencer: '<rootDir>/scripts/testing/world-spacing.sequencer.js',
        projects: [
          { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
          {
            ...common,
            displayName: 'integration',
            testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
            setupFiles: [
              '<rootDir>/scripts/testing/require-services.ts',
              '<rootDir>/scripts/testing/integration-timeout.ts',
            ],
          },
          {
            ...common,
            displayName: 'browser',
            testMatch: ['**/*.browser-spec.ts'],
            testEnvironment: '<rootDir>/scripts/testing/browser.environment.js',
            setupFiles: [
              '<rootDir>/scripts/testing/require-services.ts',
              '<rootDir>/scripts/testing/browser-timeout.ts',
            ],
          },
        ],
      };
