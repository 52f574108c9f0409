// Maps one corpus document X3 → canonical → Xero with the adapters, and says what Xero will
// compute from the payload (recomputed here from Xero's rules, not taken from the adapter).
import type { CreditNote, Invoice } from '../canonical';
import type { AdapterContext } from '../adapters/adapter-contract';
import { X3_ADAPTERS } from '../adapters/x3';
import { creditNoteXeroAdapter, invoiceXeroAdapter } from '../adapters/xero';
import type { XeroDocument } from '../adapters/xero';
import type { CorpusDocument } from './x3-invoice-corpus';
import { recomputeXeroBase, recomputeXeroTotals, XeroComputed } from './xero-arithmetic';

/** Our connector sends unitdp=4, so Xero keeps unit amounts to 4 places. */
export const CONNECTOR_UNITDP = 4;

export interface MappedCorpusDocument {
  canonical: Invoice | CreditNote;
  xero: XeroDocument;
  computed: XeroComputed;
  /** Foreign currency only: the base amount Xero books at the sent CurrencyRate. */
  xeroBase?: string;
}

export function corpusContext(doc: CorpusDocument): AdapterContext {
  return { baseCurrency: doc.expected.ledgerCurrency, x3Company: String(doc.record.company) };
}

/** The adapters' payload; X3's ledger amount (baseTotal) is derived by the X3 adapter as posting does. */
export function mapCorpusDocument(doc: CorpusDocument): MappedCorpusDocument {
  const ctx = corpusContext(doc);
  const canonical =
    doc.kind === 'creditMemo'
      ? X3_ADAPTERS.creditNote.fromX3(doc.record, ctx)
      : X3_ADAPTERS.invoice.fromX3(doc.record, ctx);
  const xero = (
    canonical.entity === 'creditNote'
      ? creditNoteXeroAdapter.toXero(canonical, ctx)
      : invoiceXeroAdapter.toXero(canonical, ctx)
  ) as XeroDocument;
  const computed = recomputeXeroTotals(xero.lineAmountTypes ?? 'Exclusive', xero.lineItems ?? [], CONNECTOR_UNITDP);
  const xeroBase =
    xero.currencyRate === undefined
      ? undefined
      : recomputeXeroBase(computed.total, xero.currencyRate, doc.expected.ledgerDecimals);
  return { canonical, xero, computed, xeroBase };
}
