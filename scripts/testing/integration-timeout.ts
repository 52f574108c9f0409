// Integration and e2e suites start databases, processes and sandboxes in their hooks: jest's default
// 5 s (hooks inherit it) fails them on a loaded machine. This limit is a backstop against a hang, not
// a budget: tests wait for conditions (`eventually` in libs/testing). A project-level `testTimeout`
// in jest.config.js would be ignored (jest-circus reads only the global one), hence jest.setTimeout.
jest.setTimeout(300_000);
