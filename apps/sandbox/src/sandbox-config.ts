// The sandbox's own settings. It shares no code with the connectors it stands in for.
export interface SandboxConfig {
  port: number;
  host: string;
  /** Where browsers and our api reach the sandbox (OIDC issuer, consent pages, webhooks). */
  publicUrl: string;
  databaseUrl: string;
  /** Seconds of sandbox time per real second: 10 makes a Xero "minute" last 6 s. */
  clockScale: number;
}

export function loadSandboxConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const problems: string[] = [];
  const port = Number(env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('SANDBOX_PORT must be a port number');
  const databaseUrl = env.SANDBOX_DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('SANDBOX_DATABASE_URL must be a postgres:// URL');
  const clockScale = Number(env.SANDBOX_CLOCK_SCALE ?? 1);
  if (!(clockScale > 0)) problems.push('SANDBOX_CLOCK_SCALE must be a positive number');
  if (problems.length) throw new Error(`Sandbox configuration invalid:\n- ${problems.join('\n- ')}`);
  const host = env.SANDBOX_HOST ?? '127.0.0.1';
  return {
    port,
    host,
    publicUrl: (env.SANDBOX_PUBLIC_URL ?? `http://${host}:${port}`).replace(/\/$/, ''),
    databaseUrl,
    clockScale,
  };
}
