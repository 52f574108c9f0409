import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { Socket } from 'node:net';
import { badRequest } from '../core/xero-errors';

export type FaultKind = 'status500' | 'status503' | 'slow' | 'hang' | 'drop' | 'dropAfterWrite';

export interface Fault {
  kind: FaultKind;
  /** How many matching calls it affects (default 1). */
  remaining: number;
  /** Only calls whose path contains this (e.g. "/Invoices"). */
  pathContains?: string;
  /** Only calls of this HTTP method (e.g. "POST": a write, not the reads of the same path). */
  method?: string;
  /** slow: real milliseconds to wait before answering; hang: how long to hold the socket before destroying it. */
  delayMs?: number;
}

/** Faults armed through the control API, per organisation, consumed by matching API calls. */
@Injectable()
export class FaultInjector implements BeforeApplicationShutdown {
  private readonly faults = new Map<string, Fault[]>();
  /** Sockets held by the hang fault: destroyed at shutdown so closing the server never waits on them. */
  private readonly hung = new Set<Socket>();

  hold(socket: Socket, ms: number): void {
    this.hung.add(socket);
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      this.hung.delete(socket);
    });
  }

  beforeApplicationShutdown(): void {
    for (const socket of this.hung) socket.destroy();
  }

  arm(tenantId: string, input: Partial<Fault> & { kind?: string; count?: number }): Fault {
    const kinds: FaultKind[] = ['status500', 'status503', 'slow', 'hang', 'drop', 'dropAfterWrite'];
    if (!kinds.includes(input.kind as FaultKind)) throw badRequest(`kind must be one of ${kinds.join(', ')}`);
    const fault: Fault = {
      kind: input.kind as FaultKind,
      remaining: Math.max(1, Math.min(10_000, Number(input.count ?? 1))),
      pathContains: input.pathContains,
      ...(typeof input.method === 'string' && input.method ? { method: input.method.toUpperCase() } : {}),
      delayMs: Math.max(0, Math.min(300_000, Number(input.delayMs ?? (input.kind === 'hang' ? 60_000 : 2_000)))),
    };
    this.faults.set(tenantId, [...(this.faults.get(tenantId) ?? []), fault]);
    return fault;
  }

  clear(tenantId: string): void {
    this.faults.delete(tenantId);
  }

  list(tenantId: string): Fault[] {
    return this.faults.get(tenantId) ?? [];
  }

  take(tenantId: string, path: string, method?: string): Fault | undefined {
    const list = this.faults.get(tenantId);
    const fault = list?.find(
      (f) => (!f.pathContains || path.includes(f.pathContains)) && (!f.method || f.method === method?.toUpperCase()),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0)
      this.faults.set(
        tenantId,
        list!.filter((f) => f !== fault),
      );
    return { ...fault };
  }
}
