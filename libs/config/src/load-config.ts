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

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const messages = Object.values(e.constraints ?? {});
    const missing = e.value === undefined || e.value === '';
    return messages.map((m) => (missing ? `${e.property} is missing (${m})` : `${e.property}: ${m}`));
  });
}

/** Validates the environment; throws a ConfigError naming every bad or missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(EnvSchema, raw, { exposeDefaultValues: true });
  const problems = describe(validateSync(config, { skipMissingProperties: false }));
  const keyIds = (config.SECRETS_KEYS ?? '').split(',').map((entry) => entry.split(':')[0]);
  if (config.SECRETS_ACTIVE_KEY_ID && config.SECRETS_KEYS && !keyIds.includes(config.SECRETS_ACTIVE_KEY_ID)) {
    problems.push(`SECRETS_ACTIVE_KEY_ID: "${config.SECRETS_ACTIVE_KEY_ID}" is not a key id of SECRETS_KEYS`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
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
