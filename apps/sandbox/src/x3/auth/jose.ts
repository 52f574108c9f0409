import type * as Jose from 'jose' with { 'resolution-mode': 'import' };

// jose 6 is ESM-only. Node >= 20.19 loads it with require(); jest's own require cannot, so
// the test environment (testing/native-require.environment.js) passes Node's in __nativeRequire.
const load: (id: string) => unknown = (globalThis as { __nativeRequire?: NodeJS.Require }).__nativeRequire ?? require;
export const jose = load('jose') as typeof Jose;
