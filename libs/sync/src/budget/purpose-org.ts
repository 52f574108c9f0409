// One organisation bound to one purpose of its call plan: every call through it (BatchWriter.send
// and lookups included) leaves the purpose's reserve for the higher purposes and is counted as
// that purpose's spending. Callers then need no dayReserve of their own.
import type { XeroOrg } from '#lb/connectors/xero';
import { isXeroCallError } from '#lb/connectors/xero';
import { CallCounters } from './call-counters';
import { CallPurpose, DayPlan, dayReserveFor } from './call-purposes';

/** Our own scheduler refused the slot: Xero never saw the call, so it costs nothing. */
const refusedBeforeSending = (e: unknown) => isXeroCallError(e) && e.kind === 'rate-limited' && e.status === undefined;

/** `counters` optional: without them the calls keep the reserve but are not counted. */
export function orgForPurpose(org: XeroOrg, purpose: CallPurpose, plan: DayPlan, counters?: CallCounters): XeroOrg {
  const reserve = dayReserveFor(purpose, plan);
  // A view of the same object (connection, tokens, caller) with only `call` replaced.
  const bound = Object.create(org) as XeroOrg;
  bound.call = async (opts, fn) => {
    let reached = true;
    try {
      return await org.call({ ...opts, dayReserve: Math.max(opts.dayReserve ?? 0, reserve) }, fn);
    } catch (e) {
      reached = !refusedBeforeSending(e);
      throw e;
    } finally {
      // The figures are for ops screens: a Redis hiccup must not turn a made call into a failure.
      if (reached && counters) await counters.spend(org.xeroTenantId, purpose).catch(() => undefined);
    }
  };
  return bound;
}
