// docker-compose.yml read as Compose reads it (YAML 1.1 merge keys, fragments), and what each of
// its app containers is started with: its environment over the image's (the Dockerfile's ENV).
// No Docker engine runs where the tests run; compose-file.spec.ts checks the file instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ComposeService {
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  network_mode?: string;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  mem_limit?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export function readComposeFile(root: string): ComposeFile {
  return parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
}

/** The final stage's ENV of the Dockerfile: what every container of the image starts with. */
export function imageEnv(root: string): Record<string, string> {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const [, line] of finalStage.matchAll(/^ENV (.+)$/gm)) {
    for (const [, name, value] of line.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[name] = value;
  }
  return env;
}

/** The service whose command runs this built entry point (dist/<entry>.js). */
export function serviceRunning(file: ComposeFile, entry: string): [string, ComposeService] {
  const found = Object.entries(file.services).filter(([, s]) => s.command?.includes(`dist/${entry}.js`));
  if (found.length !== 1) throw new Error(`expected one service running dist/${entry}.js, found ${found.length}`);
  return found[0];
}

/** The environment a container of the service sees: the image's, then the service's (as strings). */
export function containerEnv(root: string, service: ComposeService): Record<string, string> {
  const own = Object.entries(service.environment ?? {}).filter(([, v]) => v !== null && v !== undefined);
  return { ...imageEnv(root), ...Object.fromEntries(own.map(([k, v]) => [k, String(v)])) };
}
