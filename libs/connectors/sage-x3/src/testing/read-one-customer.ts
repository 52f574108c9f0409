// Test-only child process: reads one X3 customer with the connector settings in X3_SETTINGS (JSON)
// and prints the outcome as JSON. x3-clock-skew.int-spec.ts runs it on a skewed wall clock
// (apps/worker/test/faults/skewed-clock.js preloaded), as a host whose NTP drifted.
import { createX3Transport } from '../x3-transport.factory';

async function main(): Promise<void> {
  const x3 = createX3Transport(JSON.parse(process.env.X3_SETTINGS ?? '{}'));
  try {
    const customer = await x3.get('customer', process.env.X3_CUSTOMER ?? '');
    process.stdout.write(JSON.stringify({ ok: true, id: customer?._id ?? null }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: (e as Error).message }));
  } finally {
    x3.close();
  }
}

void main();
