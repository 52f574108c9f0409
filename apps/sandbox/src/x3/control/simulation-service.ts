import { Injectable, UnprocessableEntityException, BadRequestException } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { X3Domain } from '../domain/x3-domain';
import { X3BusinessError, Values, stampNow, updateRow, getRow } from '../domain/store';
import { createDelivery, validateDelivery } from '../domain/deliveries';
import { createSalesInvoice } from '../domain/invoices';
import { postSalesInvoice } from '../domain/invoice-posting';
import { createJournalEntry, validateJournalEntry } from '../domain/journal';
import { findEntity } from '../model/catalog';
import { changeSalesOrderLine } from '../domain/sales-orders';
import { postPrepayment } from '../domain/prepayment-postings';

/** Simulates ERP users through the same business code the GraphQL API uses. */
@Injectable()
export class SimulationService {
  private readonly domain: X3Domain;

  constructor(db: SandboxDatabase) {
    this.domain = new X3Domain(db);
  }

  private async business<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof X3BusinessError) throw new UnprocessableEntityException({ message: error.message });
      throw error;
    }
  }

  createSalesOrder(
    folder: string,
    data: Values & { ship?: boolean },
  ): Promise<{ salesOrder: string; delivery?: string }> {
    return this.business(async () => {
      const { ship, ...order } = data;
      const salesOrder = await this.domain.create(folder, 'salesOrder', order);
      if (!ship) return { salesOrder };
      return { salesOrder, delivery: (await this.ship(folder, salesOrder, {})).delivery };
    });
  }

  ship(folder: string, salesOrder: string, data: Values): Promise<{ delivery: string }> {
    return this.business(() =>
      this.domain.run(async (client) => {
        const delivery = await createDelivery(client, folder, { ...data, salesOrder });
        await validateDelivery(client, folder, delivery);
        return { delivery };
      }),
    );
  }

  invoice(folder: string, data: Values & { post?: boolean }): Promise<{ salesInvoice: string }> {
    return this.business(() =>
      this.domain.run(async (client) => {
        const { post, ...input } = data;
        const salesInvoice = await createSalesInvoice(client, folder, input);
        if (post) await postSalesInvoice(client, folder, salesInvoice);
        return { salesInvoice };
      }),
    );
  }

  postInvoice(folder: string, id: string): Promise<{ salesInvoice: string }> {
    return this.business(async () => ({ salesInvoice: await this.domain.action(folder, 'salesInvoice', 'post', id) }));
  }

  /** An accountant's journal entry (GACCENTRY), validated to final when `validate` is set. */
  journalEntry(folder: string, data: Values & { validate?: boolean }): Promise<{ journalEntry: string }> {
    return this.business(() =>
      this.domain.run(async (client) => {
        const { validate, ...input } = data;
        const journalEntry = await createJournalEntry(client, folder, input);
        if (validate) await validateJournalEntry(client, folder, journalEntry);
        return { journalEntry };
      }),
    );
  }

  recordPayment(folder: string, data: Values): Promise<{ payment: string }> {
    return this.business(async () => ({ payment: await this.domain.create(folder, 'payment', data) }));
  }

  /** Prepayment Posting: part of an advance (a payment line on no document) settles an invoice. */
  postPrepayment(folder: string, payment: string, data: Values): Promise<{ payment: string }> {
    return this.business(() => this.domain.run((client) => postPrepayment(client, folder, payment, data)));
  }

  /** A user saves one order line (description, allocation): the header moves only if its own fields do. */
  changeOrderLine(folder: string, salesOrder: string, lineNumber: number, data: Values) {
    return this.business(() =>
      this.domain.run((client) => changeSalesOrderLine(client, folder, salesOrder, lineNumber, data)),
    );
  }

  changeCustomer(folder: string, id: string, data: Values): Promise<{ customer: string }> {
    return this.business(async () => ({ customer: await this.domain.update(folder, 'customer', id, data) }));
  }

  /** A long transaction committing late: its stamp lands below the newest stamp already in the table. */
  lateCommit(folder: string, input: { entity?: string; id?: string; changes?: Values; secondsBehind?: number }) {
    const desc = findEntity(String(input.entity));
    if (!desc || desc.parent) throw new BadRequestException('entity must name a top-level X3 node');
    const id = input.id;
    if (typeof id !== 'string' || id === '') throw new BadRequestException('id is required');
    const behind = input.secondsBehind ?? 2;
    if (!Number.isInteger(behind) || behind < 1 || behind > 86_400)
      throw new BadRequestException('secondsBehind must be 1..86400');
    return this.business(() =>
      this.domain.run(async (client) => {
        if (!(await getRow(client, desc.name, folder, id, true)))
          throw new X3BusinessError(`${desc.typeName} ${id}: record does not exist`);
        const { rows } = await client.query<{ top: Date }>(
          `SELECT max(_update_stamp) AS top FROM ${desc.table} WHERE folder = $1`,
          [folder],
        );
        const stamp = new Date(rows[0].top.getTime() - behind * 1000);
        await updateRow(client, desc.name, folder, id, input.changes ?? {}, stamp);
        return { entity: desc.name, id, updateStamp: stamp.toISOString() };
      }),
    );
  }

  /** Saves records again without change, all in the same second (a mass update in X3). */
  touch(folder: string, input: { entity?: string; ids?: string[] }) {
    const desc = findEntity(String(input.entity));
    if (!desc || !Array.isArray(input.ids)) throw new BadRequestException('entity and ids are required');
    return this.domain.run(async (client) => {
      const stamp = stampNow();
      const { rowCount } = await client.query(
        `UPDATE ${desc.table} SET _update_stamp = $3 WHERE folder = $1 AND _id = ANY($2::text[])`,
        [folder, input.ids, stamp],
      );
      return { touched: rowCount, updateStamp: stamp.toISOString() };
    });
  }
}
