import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { satisfies } from 'semver';
import { IMAGE_LTS_MAJOR, imageNodeTags, OLDEST_SUPPORTED, ourEngines, packagesExcluding } from './node-support';

const ROOT = resolve(__dirname, '../..');
/** The oldest Node 22 the image's floating `node:22-…` tag pulls now (22.20.0 was released in Sep 2025). */
const IMAGE_NODE = `${IMAGE_LTS_MAJOR}.20.0`;

/**
 * Installed packages whose engines.node leaves out Node 20.19, each checked to run there (what it
 * uses, and the suites that exercise it pass on 20.20). A new one fails this test: pin or replace
 * it, or check it the same way and add it here with why.
 */
const REVIEWED_ON_NODE_20: Record<string, string> = {
  '@whatwg-node/promise-helpers':
    'graphql-yoga → @graphql-tools/* (the X3 sandbox GraphQL API) declare >=22.15 but use Promise.withResolvers only when present, with a fallback; the x3 GraphQL specs pass on 20',
  '@whatwg-node/disposablestack':
    'same tree (>=22.15): uses globalThis.SuppressedError and Symbol.asyncDispose when present (Symbol.asyncDispose is in Node 20), ponyfills otherwise',
  '@apidevtools/json-schema-ref-parser':
    'development only, via openapi-backend (the sandbox spec validator in tests): ESM-only, loaded through require(esm), unflagged since Node 20.19; the conformance specs that use it pass on 20',
};

describe('Node versions', () => {
  it('package.json engines admit Node 20.19+, the image Node 22 LTS and the Node running this', () => {
    const engines = ourEngines(ROOT);
    for (const version of [OLDEST_SUPPORTED, '20.20.2', IMAGE_NODE, process.versions.node]) {
      expect([version, satisfies(version, engines)]).toEqual([version, true]);
    }
    // Below 20.19 require(esm) is flagged: oidc-provider, jose and openid-client would not load.
    expect(satisfies('20.18.3', engines)).toBe(false);
  });

  it('builds and runs the Docker image on Node 22 LTS in every stage', () => {
    const tags = imageNodeTags(ROOT);
    expect(tags.length).toBeGreaterThanOrEqual(2);
    for (const tag of tags) expect(tag).toMatch(new RegExp(`^${IMAGE_LTS_MAJOR}-`));
  });

  it('says both in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('Node.js 20.19');
    expect(readme).toContain(`Node.js ${IMAGE_LTS_MAJOR} LTS`);
  });

  it('no installed package leaves out the image Node, and no direct dependency leaves out Node 20.19', () => {
    expect(packagesExcluding(ROOT, IMAGE_NODE)).toEqual([]);
    expect(packagesExcluding(ROOT, OLDEST_SUPPORTED).filter((p) => p.direct)).toEqual([]);
  });

  it('every installed package that leaves out Node 20.19 has been checked to run on it', () => {
    const names = [...new Set(packagesExcluding(ROOT, OLDEST_SUPPORTED).map((p) => p.name))];
    expect(names.filter((name) => !(name in REVIEWED_ON_NODE_20))).toEqual([]);
    // Gone from the tree: its entry goes too.
    expect(Object.keys(REVIEWED_ON_NODE_20).filter((name) => !names.includes(name))).toEqual([]);
  });
});
