// Browser suites drive Chromium and run axe on every page: CPU-bound work. One test took 7 minutes
// on a machine loaded ten times over its 2 cores. A backstop against a hang, not a budget (see
// integration-timeout.ts): each step waits for its condition through playwright.
jest.setTimeout(900_000);
