// Client side of the sandbox's browser pages (try mode, tests, benches). It shares no code with
// apps/sandbox (the far side of the wire) and none of it is used against the real Xero.
export * from './http-browser';
export * from './sandbox-consent';
