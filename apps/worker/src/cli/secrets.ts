// Operator commands for secrets at rest:
//   status  how many secrets each master key still wraps; which keys may be retired
//   rotate  queue a re-wrap of every tenant's secrets under SECRETS_ACTIVE_KEY_ID (workers do it)
// Rotation: add the new key to SECRETS_KEYS and make it active (deploy api and workers), run
// `rotate`, wait until `status` shows 0 under the old key, then remove the old key and redeploy.
import 'reflect-metadata';
import Queue from 'bull';
import { loadConfigOrExit } from '#lb/config';
import { createDataSource, SystemAccess } from '#lb/database';
import { DEFAULT_JOB_OPTIONS, JOBS, QUEUE_SETTINGS, QUEUES, RotateSecretsJob } from '#lb/queues';
import { ALL_ENTITIES } from '#lb/schema';

async function main(command: string | undefined): Promise<void> {
  const config = loadConfigOrExit();
  const ds = await createDataSource(config.DATABASE_URL, ALL_ENTITIES).initialize();
  const system = new SystemAccess(ds);
  try {
    const usage = await system.secretKeyUsage();
    const ring = config.SECRETS_KEYS.split(',').map((e) => e.split(':')[0]);
    if (command === 'status') {
      for (const id of new Set([...ring, ...Object.keys(usage)])) {
        const n = usage[id] ?? 0;
        const note = !ring.includes(id)
          ? 'MISSING from SECRETS_KEYS: these secrets cannot be read'
          : id === config.SECRETS_ACTIVE_KEY_ID
            ? 'active'
            : n === 0
              ? 'unused: may be retired'
              : 'still in use: run rotate';
        console.log(`${id}\t${n}\t${note}`);
      }
      return;
    }
    if (command === 'rotate') {
      const queue = new Queue<RotateSecretsJob>(QUEUES.maintenance, config.REDIS_URL, {
        prefix: 'lb',
        settings: QUEUE_SETTINGS,
      });
      const tenants = await system.activeTenantIds();
      for (const tenantId of tenants) {
        await queue.add(
          JOBS.maintenance.rotateSecrets,
          { tenantId },
          { ...DEFAULT_JOB_OPTIONS, jobId: `rotate:${config.SECRETS_ACTIVE_KEY_ID}:${tenantId}` },
        );
      }
      await queue.close();
      console.log(`Queued rotation to key ${config.SECRETS_ACTIVE_KEY_ID} for ${tenants.length} tenants.`);
      return;
    }
    throw new Error('usage: secrets status | rotate');
  } finally {
    await ds.destroy();
  }
}

main(process.argv[2]).catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
