import { XeroCallError } from '../errors/xero-call-error';
import { XeroOrg } from '../xero-org';
import { ListQuery, spec } from './entity-catalog';

type Row = Record<string, unknown>;

/** Reads: changed-since listings (If-Modified-Since, pages up to 1000) and single gets. */
export class XeroReads {
  /** One page of records changed since `modifiedSince`; `more` is false on the last page. */
  async listPage(org: XeroOrg, entity: string, q: ListQuery): Promise<{ records: Row[]; more: boolean }> {
    const s = spec(entity);
    const pageSize = Math.min(1000, q.pageSize ?? 1000);
    const { body } = await org.call({ operation: `list:${entity}`, isWrite: false }, (api, t) =>
      s.list(api, t, { ...q, pageSize }),
    );
    const records = ((body as Row)[s.wrapper] as Row[] | undefined) ?? [];
    const pagination = (body as { pagination?: { pageCount?: number; page?: number } }).pagination;
    const more =
      pagination?.pageCount !== undefined
        ? (q.page ?? 1) < pagination.pageCount
        : records.length >= pageSize && q.page !== undefined;
    return { records, more };
  }

  /** Every page, in order (bounded by maxPages so a runaway listing cannot eat the day budget). */
  async *listChangedSince(
    org: XeroOrg,
    entity: string,
    since: Date | undefined,
    maxPages = 100,
  ): AsyncGenerator<Row[]> {
    for (let page = 1; page <= maxPages; page++) {
      const { records, more } = await this.listPage(org, entity, {
        modifiedSince: since,
        page,
        order: 'UpdatedDateUTC ASC',
      });
      if (records.length) yield records;
      if (!more) return;
    }
  }

  async get(org: XeroOrg, entity: string, id: string): Promise<Row | null> {
    const s = spec(entity);
    try {
      const { body } = await org.call({ operation: `get:${entity}`, isWrite: false }, (api, t) => s.get(api, t, id));
      return (((body as Row)[s.wrapper] as Row[] | undefined) ?? [])[0] ?? null;
    } catch (e) {
      if (e instanceof XeroCallError && e.kind === 'not-found') return null;
      throw e;
    }
  }
}
