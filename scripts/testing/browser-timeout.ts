// Browser suites drive Chromium and run axe on every page: CPU-bound work that takes minutes on a
// loaded 2-core machine. A backstop against a hang, not a budget (see integration-timeout.ts); each
// step waits for its condition through playwright.
jest.setTimeout(600_000);
