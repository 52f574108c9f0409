import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { invalid, notFound } from '../core/xero-errors';
import { msDate } from '../core/ms-date';
import { dec, round } from './money';
import { resolveAccount, resolveTaxRate } from './refs';

export async function findItem(s: OrgSession, input: Doc): Promise<Doc | undefined> {
  if (input.ItemID) {
    const found = await s.get('Item', input.ItemID);
    if (!found) throw notFound(`Item ${input.ItemID} was not found`);
    return found;
  }
  if (!input.Code) return undefined;
  return (await s.all('Item')).find((i) => i.Code.toLowerCase() === String(input.Code).toLowerCase());
}

async function details(s: OrgSession, d: Doc | undefined, unitdp: number): Promise<Doc | undefined> {
  if (!d) return undefined;
  const out: Doc = {};
  if (d.UnitPrice !== undefined) out.UnitPrice = Number(round(dec(d.UnitPrice, 'UnitPrice'), unitdp).toFixed(unitdp));
  if (d.AccountCode) out.AccountCode = (await resolveAccount(s, { AccountCode: d.AccountCode })).Code;
  if (d.COGSAccountCode) out.COGSAccountCode = (await resolveAccount(s, { AccountCode: d.COGSAccountCode })).Code;
  if (d.TaxType) out.TaxType = (await resolveTaxRate(s, d.TaxType)).TaxType;
  return out;
}

/** Code required, at most 30 characters, unique; Name at most 50. */
export async function saveItem(
  s: OrgSession,
  input: Doc,
  existing: Doc | undefined,
  unitdp: number,
  createOnly = false,
): Promise<Doc> {
  const merged: Doc = { ...(existing ?? {}), ...input };
  const errors: string[] = [];
  const code = merged.Code === undefined || merged.Code === null ? '' : String(merged.Code);
  if (!code.trim()) errors.push('Item code must be specified.');
  else if (code.length > 30) errors.push('The Item code must be 30 characters or less.');
  if (merged.Name !== undefined && String(merged.Name).length > 50)
    errors.push('The Item name must be 50 characters or less.');
  if (merged.Description !== undefined && String(merged.Description).length > 4000)
    errors.push('The Description must be 4000 characters or less.');
  const id = (existing?.ItemID as string | undefined) ?? randomUUID();
  if (code && (createOnly || !existing || code.toLowerCase() !== String(existing.Code).toLowerCase())) {
    const clash = (await s.all('Item')).find((i) => i.ItemID !== id && i.Code.toLowerCase() === code.toLowerCase());
    if (clash) errors.push(`Item code '${code}' already exists.`);
  }
  if (errors.length) throw invalid(...errors);
  const isSold = merged.IsSold !== false;
  const isPurchased = merged.IsPurchased !== false;
  const doc: Doc = {
    ItemID: id,
    Code: code,
    Name: merged.Name ?? code,
    Description: merged.Description ?? '',
    PurchaseDescription: merged.PurchaseDescription ?? '',
    IsSold: isSold,
    IsPurchased: isPurchased,
    IsTrackedAsInventory: Boolean(merged.InventoryAssetAccountCode && merged.PurchaseDetails?.COGSAccountCode),
    UpdatedDateUTC: msDate(s.now),
  };
  // Setting IsSold/IsPurchased false clears the matching details, as Xero does.
  const sales = isSold ? await details(s, merged.SalesDetails, unitdp) : undefined;
  const purchases = isPurchased ? await details(s, merged.PurchaseDetails, unitdp) : undefined;
  doc.SalesDetails = sales ?? {};
  doc.PurchaseDetails = purchases ?? {};
  if (doc.IsTrackedAsInventory) {
    doc.InventoryAssetAccountCode = (await resolveAccount(s, { AccountCode: merged.InventoryAssetAccountCode })).Code;
    doc.QuantityOnHand = merged.QuantityOnHand ?? 0;
    doc.TotalCostPool = merged.TotalCostPool ?? 0;
  }
  await s.put('Item', id, doc);
  return doc;
}
