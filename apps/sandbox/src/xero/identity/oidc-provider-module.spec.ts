import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { UNSUPPORTED_RUNTIME, withoutRuntimeNotice } from './oidc-provider-module';

const ROOT = resolve(__dirname, '../../../../..');

/** What a fresh Node process prints on stderr while running `code` (loaded as the sandbox loads it). */
function stderrOf(code: string): string {
  const run = spawnSync(process.execPath, ['--conditions=lb-source', '-r', '@swc-node/register', '-e', code], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' },
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  return run.stderr;
}

describe("oidc-provider's Unsupported runtime notice", () => {
  it('is dropped while the module loads, and nothing else is', () => {
    const seen: unknown[][] = [];
    const target = { warn: (...args: unknown[]) => void seen.push(args) };
    const original = target.warn;
    const value = withoutRuntimeNotice(() => {
      target.warn(`${UNSUPPORTED_RUNTIME} Use Node.js v22.x LTS, or a later LTS release.`);
      target.warn('something else', 1);
      return 42;
    }, target);
    expect(value).toBe(42);
    expect(seen).toEqual([['something else', 1]]);
    expect(target.warn).toBe(original);
    expect(() =>
      withoutRuntimeNotice(() => {
        throw new Error('load failed');
      }, target),
    ).toThrow('load failed');
    expect(target.warn).toBe(original); // restored when loading throws too
  });

  it('is not printed when the sandbox loads oidc-provider; on Node 20 a bare import prints it', () => {
    const loader = './apps/sandbox/src/xero/identity/oidc-provider-module';
    expect(stderrOf(`require('${loader}').loadOidcProvider()`)).not.toContain('Unsupported runtime');
    // The notice is real on this Node (any line before 22 LTS): the loader is what removes it.
    const lts = process.release.lts ?? '';
    if (!lts || lts < 'Jod') expect(stderrOf(`require('oidc-provider')`)).toContain(UNSUPPORTED_RUNTIME);
  });
});
