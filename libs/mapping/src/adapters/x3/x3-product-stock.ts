// Products (ITMMASTER) and stock levels (STOCK, read only: X3 moves stock through documents).
import type { Product, StockLevel } from '../../canonical';
import type { X3Adapter } from '../adapter-contract';
import { originOf } from './x3-origin';
import { boolOf, compact, dec, decOrZero, refKey, requiredText, text } from './x3-values';

/** ITMSTA (menu 246): only obsolete and not-usable products are inactive. */
const INACTIVE_STATUSES = new Set(['obsolete', 'notUsable']);

export const x3ProductAdapter: X3Adapter<'product'> = {
  entity: 'product',
  x3Entity: 'product',
  fromX3(record) {
    const key = requiredText(record.code ?? record._id, 'product code (ITMREF)');
    const status = text(record.productStatus);
    return compact({
      entity: 'product',
      key,
      name: text(record.description1) ?? key,
      description: text(record.description2),
      category: text(record.productCategory),
      isActive: status === undefined || !INACTIVE_STATUSES.has(status),
      isSold: boolOf(record.isSold, true),
      isPurchased: boolOf(record.isPurchased, true),
      salesUnit: refKey(record.salesUnit),
      salesPrice: dec(record.basePrice),
      accountingCode: text(record.accountingCode),
      taxLevel: text(record.taxLevel),
      origin: originOf(record, key),
    } satisfies Product);
  },
  toX3(product) {
    return compact({
      code: product.key,
      description1: product.name,
      description2: product.description,
      productCategory: product.category,
      // Only the active/inactive distinction is canonical; finer X3 statuses are X3's own.
      productStatus: product.isActive ? 'active' : 'obsolete',
      salesUnit: product.salesUnit,
      basePrice: product.salesPrice,
      accountingCode: product.accountingCode,
      taxLevel: product.taxLevel,
      isSold: product.isSold,
      isPurchased: product.isPurchased,
    });
  },
};

/** X3 keys a stock row by product and site ('DIS007|FR011'). */
export const x3StockLevelAdapter: X3Adapter<'stockLevel'> = {
  entity: 'stockLevel',
  x3Entity: 'stock',
  fromX3(record) {
    const [idProduct, idSite] = (text(record._id) ?? '').split('|');
    const productKey = refKey(record.product) ?? requiredText(idProduct, 'stock product (ITMREF)');
    const site = refKey(record.site) ?? requiredText(idSite, 'stock site (STOFCY)');
    return compact({
      entity: 'stockLevel',
      productKey,
      site,
      onHand: decOrZero(record.physicalStock),
      allocated: decOrZero(record.allocatedStock),
      averageCost: dec(record.averageCost),
      origin: originOf(record, `${productKey}|${site}`),
    } satisfies StockLevel);
  },
};
