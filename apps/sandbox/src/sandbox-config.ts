// The sandbox's own settings. It shares no code with the connectors it stands in for.
export interface SandboxConfig {
  port: number;
  host: string;
  /** Where browsers and our api reach the sandbox (OIDC issuer, consent pages, webhooks). */
  publicUrl: string;
  databaseUrl: string;
  /** Seconds of sandbox time per real second: 10 makes a Xero "minute" last 6 s. */
  clockScale: number;
  /** Bearer token for the test-support endpoints (issued secrets); unset turns them off. */
  adminToken?: string;
  /** Sage X3 simulator: folder provisioning and try-mode quotas. */
  x3?: {
    /** When set, POST /x3-control/folders requires it as a bearer token. */
    provisionToken?: string;
    /** Control token of the built-in SEED folder; without it SEED has no control API. */
    seedControlToken?: string;
    maxTrialFolders: number;
    trialTtlHours: number;
  };
}

export function loadSandboxConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const problems: string[] = [];
  const port = Number(env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('SANDBOX_PORT must be a port number');
  const databaseUrl = env.SANDBOX_DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('SANDBOX_DATABASE_URL must be a postgres:// URL');
  const clockScale = Number(env.SANDBOX_CLOCK_SCALE ?? 1);
  if (!(clockScale > 0)) problems.push('SANDBOX_CLOCK_SCALE must be a positive number');
  const maxTrialFolders = Number(env.SANDBOX_X3_MAX_TRIAL_FOLDERS ?? 200);
  if (!Number.isInteger(maxTrialFolders) || maxTrialFolders < 0)
    problems.push('SANDBOX_X3_MAX_TRIAL_FOLDERS must be a whole number');
  const trialTtlHours = Number(env.SANDBOX_X3_TRIAL_TTL_HOURS ?? 72);
  if (!(trialTtlHours > 0)) problems.push('SANDBOX_X3_TRIAL_TTL_HOURS must be a positive number');
  if (problems.length) throw new Error(`Sandbox configuration invalid:\n- ${problems.join('\n- ')}`);
  const host = env.SANDBOX_HOST ?? '127.0.0.1';
  return {
    port,
    host,
    publicUrl: (env.SANDBOX_PUBLIC_URL ?? `http://${host}:${port}`).replace(/\/$/, ''),
    databaseUrl,
    clockScale,
    adminToken: env.SANDBOX_ADMIN_TOKEN || undefined,
    x3: {
      provisionToken: env.SANDBOX_X3_PROVISION_TOKEN || undefined,
      seedControlToken: env.SANDBOX_X3_SEED_CONTROL_TOKEN || undefined,
      maxTrialFolders,
      trialTtlHours,
    },
  };
}
