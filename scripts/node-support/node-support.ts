// Which Node the product runs on, read from where it is stated: package.json engines (the range),
// the Dockerfile (the image's Node), and every installed package's own engines.node, so a
// dependency that stops supporting a Node we support is seen (node-support.spec.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';

/** The oldest Node we support, and the LTS line the Docker image runs. */
export const OLDEST_SUPPORTED = '20.19.0';
export const IMAGE_LTS_MAJOR = 22;

interface PackageJson {
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

export function ourEngines(root: string): string {
  return readJson<PackageJson>(join(root, 'package.json')).engines?.node ?? '';
}

/** The node:<version> tags of every FROM in the Dockerfile. */
export function imageNodeTags(root: string): string[] {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  return [...dockerfile.matchAll(/^FROM node:(\S+)/gm)].map((m) => m[1]);
}

export interface Exclusion {
  name: string;
  version: string;
  engines: string;
  direct: boolean;
}

/** Installed packages (package-lock.json) whose engines.node leaves out `version`. */
export function packagesExcluding(root: string, version: string): Exclusion[] {
  const ours = readJson<PackageJson>(join(root, 'package.json'));
  const direct = new Set(Object.keys({ ...ours.dependencies, ...ours.devDependencies }));
  const lock = readJson<{ packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> }>(
    join(root, 'package-lock.json'),
  );
  const found = new Map<string, Exclusion>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const engines = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (!path.includes('node_modules/') || !engines || satisfies(version, engines, { includePrerelease: true }))
      continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    found.set(`${name}@${entry.version}`, { name, version: entry.version ?? '', engines, direct: direct.has(name) });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}
