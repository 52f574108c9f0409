// One Xero Payment written to X3 as a payment document (PAYMENTH/PAYMENTD) through X3's own API:
// BPRTYP customer (receipt, SNS 2) or supplier (pay-out, SNS 1) from the document it pays, one
// line on that document (VCRNUM) for the amount paid, which X3 matches to the open item and
// refuses above the open amount. A credit note paid back goes the other way on its credit memo's
// open item: a supplier's refund is a supplier receipt (SNS 2), ours to a customer a pay-out (SNS 1). REF carries the Xero PaymentID: before creating, X3 is searched
// for it, so a resend after a crash or an unknown outcome never makes a second X3 payment.
import { X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { AdapterContext, CompiledMapping, X3_ADAPTERS } from '#lb/mapping';
import { canonicalContentHash } from '../hash/content-hash';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import { MappedPayment, mapPayment } from './payment-map';
import type { PaidDocument } from './payment-plan';
import { settlementOfX3Failure } from './x3-failures';

type Row = Record<string, unknown>;

export interface PaymentWriteContext {
  x3: X3Transport;
  compiled: CompiledMapping;
  /** The X3 company's ledger currency (and the adapters' base currency). */
  adapterContext: AdapterContext;
  mappingVersion: number;
}

/** A Xero Payment (as JSON) to carry, with the linked X3 document it pays. */
export interface PaymentToCarry {
  change: SyncPendingChange;
  row: Row;
  document: PaidDocument;
}

export interface PaymentWriteResult {
  settlement: Settlement;
  /** The cross-reference to record with the settlement: X3 payment NUM ↔ Xero PaymentID. */
  snapshot?: { x3Key: string; xeroId: string; contentHash: string; xeroUpdatedAt?: string };
  wrote: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The X3 node of the paid document: a customer's sales invoice or credit memo, a supplier's PINVOICE. */
const X3_DOCUMENT = { customer: 'salesInvoice', supplier: 'purchaseInvoice' } as const;

/** An X3 reference's key: the code itself, or `{ _id }` as GraphQL returns a reference. */
export function refKeyOf(v: unknown): string {
  if (typeof v === 'string') return v;
  const id = typeof v === 'object' && v !== null ? (v as Row)._id : undefined;
  return typeof id === 'string' ? id : '';
}

/** The X3 payment an earlier attempt created for this Xero Payment, if any (REF = PaymentID). */
export async function paymentByReference(x3: X3Transport, paymentId: string): Promise<X3Record | undefined> {
  if (!GUID.test(paymentId)) return undefined;
  for await (const found of x3.list('payment', { filter: `{reference:'${paymentId}'}`, pageSize: 2 })) return found;
  return undefined;
}

export async function carryPaymentToX3(ctx: PaymentWriteContext, item: PaymentToCarry): Promise<PaymentWriteResult> {
  const { change, document } = item;
  const paymentId = change.sourceKey.toLowerCase();
  const version = ctx.mappingVersion;
  try {
    const earlier = await paymentByReference(ctx.x3, paymentId);
    if (earlier) {
      // our create landed before its outcome was recorded (crash, lost answer): link it, write nothing
      return linked(ctx, item, await ctx.x3.get('payment', earlier._id), 'matched', [
        `X3 payment ${earlier._id} already carries this Xero payment (an earlier attempt created it)`,
      ]);
    }
    const paid = await ctx.x3.get(X3_DOCUMENT[document.partner], document.x3Key);
    const partner = refKeyOf(document.partner === 'supplier' ? paid.billBySupplier : paid.billToCustomer);
    const mapped = await mapPayment(ctx.compiled, ctx.adapterContext, item, partner, version);
    if ('settlement' in mapped) return { settlement: mapped.settlement, wrote: false };
    const created = await ctx.x3.create('payment', paymentPayload(ctx, item, mapped, paid));
    const { amount } = mapped.canonical.allocations[0] ?? {};
    const settles = document.entity === 'creditNote' ? 'pays back' : 'settles';
    return {
      ...linked(ctx, item, await ctx.x3.get('payment', created._id), 'created', [
        `X3 payment ${created._id} ${settles} ${amount} ${mapped.canonical.currency} of ${document.x3Key}`,
      ]),
      wrote: true,
    };
  } catch (error) {
    return { settlement: settlementOfX3Failure(error, change.attempts, version), wrote: false };
  }
}

/**
 * The X3 payment: the mapping's fields (site, bank, payment method, accounting date), then what
 * the paid document fixes — its business partner, type and currency, and for a credit memo paid
 * back the sign that settles it — one line on it, the Xero PaymentID as REF, and Xero's rate when
 * the payment is in a foreign currency.
 */
export function paymentPayload(
  ctx: PaymentWriteContext,
  item: PaymentToCarry,
  mapped: MappedPayment,
  paid: X3Record,
): Row {
  const { document } = item;
  const { canonical } = mapped;
  const supplier = document.partner === 'supplier';
  const currency = refKeyOf(paid.currency) || canonical.currency;
  const site = refKeyOf(supplier ? paid.site : paid.salesSite) || mapped.payload.site;
  const amount = canonical.allocations[0]?.amount;
  const foreign = currency !== ctx.adapterContext.baseCurrency && canonical.exchangeRate?.rate;
  return {
    ...mapped.payload,
    businessPartnerType: supplier ? 'supplier' : 'customer',
    // X3 takes the partner type's usual sign unless told: a refund is the other one
    ...(document.entity === 'creditNote' ? { sense: supplier ? 'revenue' : 'expense' } : {}),
    businessPartner: refKeyOf(supplier ? paid.billBySupplier : paid.billToCustomer),
    site,
    currency,
    reference: item.change.sourceKey.toLowerCase(),
    ...(foreign ? { exchangeRate: canonical.exchangeRate!.rate } : {}),
    lines: [{ document: document.x3Key, amount }],
  };
}

function linked(
  ctx: PaymentWriteContext,
  item: PaymentToCarry,
  payment: X3Record,
  action: 'created' | 'matched',
  messages: string[],
): PaymentWriteResult {
  const canonical = X3_ADAPTERS.payment.fromX3(payment, ctx.adapterContext);
  return {
    settlement: {
      kind: 'done',
      outcome: { action, targetId: payment._id, messages },
      mappingVersion: ctx.mappingVersion,
    },
    snapshot: {
      x3Key: payment._id,
      xeroId: item.change.sourceKey.toLowerCase(),
      // X3's own reading of the payment: the x3→xero flow finds it unchanged and sends nothing back
      contentHash: canonicalContentHash(canonical),
      xeroUpdatedAt: typeof item.row.updatedDateUTC === 'string' ? item.row.updatedDateUTC : undefined,
    },
    wrote: false,
  };
}
