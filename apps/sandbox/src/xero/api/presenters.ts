import { Doc } from '../db/entity-store';
import { presentLines } from '../domain/line-items';
import { dec, wire } from '../domain/money';
import { recordOf, records } from '../core/json';

// Per-response shaping: unitdp rounding and the lighter list form of unpaged documents.
export function presentDocument(doc: Doc, unitdp: number, withLines: boolean): Doc {
  if (!withLines) {
    const { LineItems: _lines, ...rest } = doc;
    return rest;
  }
  return { ...doc, LineItems: presentLines(records(doc.LineItems), unitdp) };
}

export function presentItem(doc: Doc, unitdp: number): Doc {
  const price = (value: unknown) => {
    const d = recordOf(value);
    return d && d.UnitPrice !== undefined ? { ...d, UnitPrice: wire(dec(d.UnitPrice, 'UnitPrice'), unitdp) } : d;
  };
  return { ...doc, SalesDetails: price(doc.SalesDetails), PurchaseDetails: price(doc.PurchaseDetails) };
}
