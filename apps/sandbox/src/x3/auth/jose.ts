import type * as Jose from 'jose' with { 'resolution-mode': 'import' };

// jose 6 is ESM-only. Node >= 20.19 loads it with require(); jest's own require cannot, so
// the test environment (testing/native-require.environment.js) passes Node's in __nativeRequire.
const nativeRequire = (globalThis as { __nativeRequire?: NodeJS.Require }).__nativeRequire;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const jose: typeof Jose = (nativeRequire ?? require)('jose');
