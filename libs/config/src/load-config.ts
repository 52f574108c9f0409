import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EnvSchema } from './env.schema';

export type AppConfig = Readonly<EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

interface Problem {
  property: string;
  text: string;
}

function describe(errors: ValidationError[]): Problem[] {
  return errors.flatMap((e) => {
    const messages = Object.values(e.constraints ?? {});
    const missing = e.value === undefined || e.value === '';
    return messages.map((m) => ({
      property: e.property,
      text: missing ? `${e.property} is missing (${m})` : `${e.property}: ${m}`,
    }));
  });
}

function validate(env: NodeJS.ProcessEnv): { config: EnvSchema; problems: Problem[] } {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(EnvSchema, raw, { exposeDefaultValues: true });
  const problems = describe(validateSync(config, { skipMissingProperties: false }));
  const keyIds = (config.SECRETS_KEYS ?? '').split(',').map((entry) => entry.split(':')[0]);
  if (config.SECRETS_ACTIVE_KEY_ID && config.SECRETS_KEYS && !keyIds.includes(config.SECRETS_ACTIVE_KEY_ID)) {
    problems.push({
      property: 'SECRETS_ACTIVE_KEY_ID',
      text: `SECRETS_ACTIVE_KEY_ID: "${config.SECRETS_ACTIVE_KEY_ID}" is not a key id of SECRETS_KEYS`,
    });
  }
  return { config, problems };
}

/** Validates the environment; throws a ConfigError naming every bad or missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const { config, problems } = validate(env);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => p.text));
  return Object.freeze(config);
}

/**
 * The named variables only, validated by the same schema: for commands (the staff CLI) that use a
 * few of them and should not demand, say, REDIS_URL they never connect to.
 */
export function loadConfigOf<K extends keyof EnvSchema>(
  names: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
): Pick<AppConfig, K> {
  const { config, problems } = validate(env);
  const ours = problems.filter((p) => (names as readonly string[]).includes(p.property));
  if (ours.length > 0) throw new ConfigError(ours.map((p) => p.text));
  const picked = {} as Pick<EnvSchema, K>;
  for (const name of names) picked[name] = config[name];
  return Object.freeze(picked);
}

/** For main.ts files: print the problems and exit non-zero, never start half-configured. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
