// Test-only: runs the X3 simulator in-process (the far side of the wire) and gives the
// connector settings for a fresh folder of its own.
import {
  RunningSandbox,
  TestFolder,
  control,
  provisionFolder,
  startSandbox,
} from '../../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { X3ConnectionSettings } from '../x3-connection-settings';

export interface SandboxFixture {
  sandbox: RunningSandbox;
  folder: TestFolder;
  settings: X3ConnectionSettings;
  /** The folder's control API, answering as the sandbox's own test helper does. */
  control(method: string, path: string, body?: unknown): ReturnType<typeof control>;
  close(): Promise<void>;
}

export async function startFixture(overrides: Partial<X3ConnectionSettings> = {}): Promise<SandboxFixture> {
  const sandbox = await startSandbox();
  const folder = await provisionFolder(sandbox.url);
  const app = folder.connectedApplication;
  return {
    sandbox,
    folder,
    settings: {
      baseUrl: sandbox.url,
      endpoint: folder.folder,
      companies: [],
      auth: { kind: 'jwt', clientId: app.clientId, secret: app.secret, user: app.user },
      allowPrivateTargets: true,
      requestTimeoutMs: 15_000,
      ...overrides,
    },
    control: (method, path, body) => control(sandbox.url, folder, method, path, body),
    close: () => sandbox.close(),
  };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
