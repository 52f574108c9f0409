/**
 * Every job names its tenant and the ids of the rows it works on, nothing more: the worker
 * re-enters the tenant's context and reads the rows, so a payload never carries data or secrets.
 */
export interface TenantJob {
  tenantId: string;
}

export interface ProbeJob extends TenantJob {
  probeRunId: string;
}

export type RotateSecretsJob = TenantJob;

/** A system job: it touches no tenant's data, so it carries nothing at all. */
export type SystemJob = Record<string, never>;

/** Payload type of each (queue, job) pair; the producer and processors are checked against it. */
export interface JobPayloads {
  diagnostics: { probe: ProbeJob };
  maintenance: { 'rotate-secrets': RotateSecretsJob; heartbeat: SystemJob };
}
