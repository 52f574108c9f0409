// semver ships no types and @types/semver is not installed: the one function the Node support
// check uses.
declare module 'semver' {
  export function satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
}
