import type * as Jose from 'jose' with { 'resolution-mode': 'import' };

// jose 6 is ESM-only. Node >= 20.19 loads it with require(); under jest the test environment
// passes Node's own require as __nativeRequire (jest's cannot load ESM).
const nativeRequire = (globalThis as { __nativeRequire?: NodeJS.Require }).__nativeRequire;
export const jose = (nativeRequire ?? require)('jose') as typeof Jose;
