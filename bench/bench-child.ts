// Runs one benchmark file in this process and prints its metrics as one JSON line on stdout.
import type { Bench } from './bench-types';

async function main(file: string): Promise<void> {
  const mod = (await import(file)) as { default: Bench };
  const metrics = await mod.default(process.env as Record<string, string>);
  process.stdout.write(`\n${JSON.stringify(metrics)}\n`);
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
