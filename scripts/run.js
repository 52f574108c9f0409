#!/usr/bin/env node
// Runs a TypeScript script from source: SWC compiles it on load (decorator metadata included)
// and the "lb-source" condition resolves #lb/* imports to libs/*/src instead of dist/.
// Signals are forwarded, so Ctrl-C lets the script stop its services before we exit.
const { spawn } = require('node:child_process');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run.js <file.ts> [args...]');
  process.exit(2);
}
const child = spawn(process.execPath, ['--conditions=lb-source', '-r', '@swc-node/register', script, ...args], {
  stdio: 'inherit',
  env: { SWC_NODE_PROJECT: 'tsconfig.json', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
