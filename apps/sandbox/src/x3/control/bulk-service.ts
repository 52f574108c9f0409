import { BadRequestException, Injectable } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { stampNow } from '../domain/store';
import { reserveNumbers } from './bulk-transactions';

/** Volume for paging tests and benchmarks, generated set-wise in SQL (exact numeric arithmetic). */
@Injectable()
export class BulkService {
  constructor(private readonly db: SandboxDatabase) {}

  async customers(
    folder: string,
    input: { count?: number },
  ): Promise<{ created: number; first: string; last: string }> {
    const count = input.count ?? 0;
    if (!Number.isInteger(count) || count < 1 || count > 200_000)
      throw new BadRequestException('count must be 1..200000');
    return this.db.transaction(async (client) => {
      const first = await reserveNumbers(client, folder, 'BLKC', count);
      const stamp = stampNow();
      const series = `SELECT g, 'BLKC' || lpad(g::text, 6, '0') AS code FROM generate_series($2::int, $3::int) g`;
      const args = [folder, first, first + count - 1, stamp];
      await client.query(
        `INSERT INTO x3_business_partner (folder, _id, code, company_name, short_company_name, country, currency, is_customer, _create_stamp, _update_stamp)
         SELECT $1, code, code, 'Bulk customer ' || g, left(code, 10), 'FR', 'EUR', true, $4, $4 FROM (${series}) s`,
        args,
      );
      await client.query(
        `INSERT INTO x3_customer (folder, _id, code, company_name, is_active, category, currency, tax_rule, payment_term, credit_limit, default_address, _create_stamp, _update_stamp)
         SELECT $1, code, code, 'Bulk customer ' || g, true, 'FRA', 'EUR', 'FRA', 'FRTAC60', 1000.50 + g * 0.01, 'MAIN', $4, $4 FROM (${series}) s`,
        args,
      );
      const code = (n: number) => `BLKC${String(n).padStart(6, '0')}`;
      return { created: count, first: code(first), last: code(first + count - 1) };
    });
  }

  /** Open FR011 orders for FR001 with `linesPerOrder` lines each; 20 % VAT (FRN), EUR. */
  async salesOrders(
    folder: string,
    input: { orders?: number; linesPerOrder?: number },
  ): Promise<{ orders: number; lines: number; first: string }> {
    const orders = input.orders ?? 0;
    const perOrder = input.linesPerOrder ?? 0;
    if (!Number.isInteger(orders) || orders < 1 || orders > 100_000)
      throw new BadRequestException('orders must be 1..100000');
    if (!Number.isInteger(perOrder) || perOrder < 1 || perOrder > 1000)
      throw new BadRequestException('linesPerOrder must be 1..1000');
    if (orders * perOrder > 1_000_000) throw new BadRequestException('at most 1,000,000 lines per call');
    return this.db.transaction(async (client) => {
      const first = await reserveNumbers(client, folder, 'SOBFR011', orders);
      const stamp = stampNow();
      const args = [folder, first, first + orders - 1, perOrder, stamp];
      await client.query(
        `INSERT INTO x3_sales_order_line (folder, _id, _parent, _sort_value, line_number, product, product_description, sales_unit, shipping_site,
           quantity_in_sales_unit_ordered, gross_price, discount, net_price, tax_code, line_amount_excluding_tax, line_amount_including_tax,
           line_status, _create_stamp, _update_stamp)
         SELECT $1, o.id || '|' || (l * 1000), o.id, l * 1000, l * 1000, p._id, p.description_1, 'UN', 'FR011',
           q.qty, p.base_price, 0, p.base_price, 'FRN', round(p.base_price * q.qty, 2),
           round(p.base_price * q.qty, 2) + round(round(p.base_price * q.qty, 2) * 0.2, 2), 'pending', $5, $5
         FROM (SELECT 'SOBFR011' || lpad(g::text, 6, '0') AS id, g FROM generate_series($2::int, $3::int) g) o
         CROSS JOIN generate_series(1, $4::int) l
         CROSS JOIN LATERAL (SELECT ((o.g + l) % 7 + 1)::numeric + 0.125 AS qty) q
         JOIN x3_product p ON p.folder = $1 AND p._id = 'DIS' || lpad((((o.g + l) % 30) + 1)::text, 3, '0')`,
        args,
      );
      await client.query(
        `INSERT INTO x3_sales_order (folder, _id, id, order_type, category, company, sales_site, shipping_site, sold_to_customer, bill_to_customer,
           ship_to_customer_address, order_date, customer_order_reference, currency, tax_rule, payment_term, order_status, allocation_status,
           delivery_status, invoicing_status, total_amount_excluding_tax, total_amount_including_tax, _create_stamp, _update_stamp)
         SELECT $1, l._parent, l._parent, 'SON', 'normal', 'FR10', 'FR011', 'FR011', 'FR001', 'FR001', 'MAIN', current_date, 'BULK', 'EUR', 'FRA',
           'FRTAC60', 'open', 'notAllocated', 'notDelivered', 'notInvoiced', sum(l.line_amount_excluding_tax), sum(l.line_amount_including_tax), $2, $2
         FROM x3_sales_order_line l WHERE l.folder = $1 AND l._parent LIKE 'SOBFR011%' AND l._create_stamp = $2
           AND NOT EXISTS (SELECT 1 FROM x3_sales_order o WHERE o.folder = $1 AND o._id = l._parent)
         GROUP BY l._parent`,
        [folder, stamp],
      );
      return { orders, lines: orders * perOrder, first: `SOBFR011${String(first).padStart(6, '0')}` };
    });
  }
}
