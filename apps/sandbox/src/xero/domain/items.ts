import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { recordOf, text } from '../core/json';
import { ItemDetailsRecord, ItemRecord } from './records';
import { invalid, notFound } from '../core/xero-errors';
import { msDate } from '../core/ms-date';
import { dec, round } from './money';
import { resolveAccount, resolveTaxRate } from './refs';

export async function findItem(s: OrgSession, input: Doc): Promise<ItemRecord | undefined> {
  const id = text(input.ItemID);
  if (id) {
    const found = await s.get('Item', id);
    if (!found) throw notFound(`Item ${id} was not found`);
    return found;
  }
  const code = text(input.Code)?.toLowerCase();
  if (!code) return undefined;
  return (await s.all('Item')).find((i) => i.Code.toLowerCase() === code);
}

async function details(s: OrgSession, value: unknown, unitdp: number): Promise<ItemDetailsRecord | undefined> {
  const d = recordOf(value);
  if (!d) return undefined;
  const out: ItemDetailsRecord = {};
  if (d.UnitPrice !== undefined) out.UnitPrice = Number(round(dec(d.UnitPrice, 'UnitPrice'), unitdp).toFixed(unitdp));
  if (d.AccountCode) out.AccountCode = (await resolveAccount(s, { AccountCode: d.AccountCode })).Code;
  if (d.COGSAccountCode) out.COGSAccountCode = (await resolveAccount(s, { AccountCode: d.COGSAccountCode })).Code;
  const taxType = text(d.TaxType);
  if (taxType) out.TaxType = (await resolveTaxRate(s, taxType)).TaxType;
  return out;
}

/** Code required, at most 30 characters, unique; Name at most 50. */
export async function saveItem(
  s: OrgSession,
  input: Doc,
  existing: ItemRecord | undefined,
  unitdp: number,
  createOnly = false,
): Promise<ItemRecord> {
  const merged: Doc = { ...(existing ?? {}), ...input };
  const errors: string[] = [];
  const code = text(merged.Code) ?? '';
  if (!code.trim()) errors.push('Item code must be specified.');
  else if (code.length > 30) errors.push('The Item code must be 30 characters or less.');
  if ((text(merged.Name)?.length ?? 0) > 50) errors.push('The Item name must be 50 characters or less.');
  if ((text(merged.Description)?.length ?? 0) > 4000) errors.push('The Description must be 4000 characters or less.');
  const id = existing?.ItemID ?? randomUUID();
  if (code && (createOnly || !existing || code.toLowerCase() !== existing.Code.toLowerCase())) {
    const clash = (await s.all('Item')).find((i) => i.ItemID !== id && i.Code.toLowerCase() === code.toLowerCase());
    if (clash) errors.push(`Item code '${code}' already exists.`);
  }
  if (errors.length) throw invalid(...errors);
  const isSold = merged.IsSold !== false;
  const isPurchased = merged.IsPurchased !== false;
  // Setting IsSold/IsPurchased false clears the matching details, as Xero does.
  const sales = isSold ? await details(s, merged.SalesDetails, unitdp) : undefined;
  const purchases = isPurchased ? await details(s, merged.PurchaseDetails, unitdp) : undefined;
  const doc: ItemRecord = {
    ItemID: id,
    Code: code,
    Name: text(merged.Name) ?? code,
    Description: text(merged.Description) ?? '',
    PurchaseDescription: text(merged.PurchaseDescription) ?? '',
    IsSold: isSold,
    IsPurchased: isPurchased,
    IsTrackedAsInventory: Boolean(
      merged.InventoryAssetAccountCode && recordOf(merged.PurchaseDetails)?.COGSAccountCode,
    ),
    UpdatedDateUTC: msDate(s.now),
    SalesDetails: sales ?? {},
    PurchaseDetails: purchases ?? {},
  };
  if (doc.IsTrackedAsInventory) {
    doc.InventoryAssetAccountCode = (await resolveAccount(s, { AccountCode: merged.InventoryAssetAccountCode })).Code;
    doc.QuantityOnHand = merged.QuantityOnHand ?? 0;
    doc.TotalCostPool = merged.TotalCostPool ?? 0;
  }
  await s.put('Item', id, doc);
  return doc;
}
