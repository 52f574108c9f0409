import { ResolvedSettings } from '../x3-connection-settings';
import { X3ChangeStream, X3ConnectionReport, X3Transport, ListChangedOptions, ListOptions } from '../x3-transport';
import { X3ConfigurationError, X3NotFoundError, X3ValidationError } from '../errors/x3-errors';
import { IncrementalWindow } from '../sync/incremental-cursor';
import { X3GraphqlClient } from './graphql-client';
import { X3_ENTITIES, X3Action, X3EntityName, X3EntitySpec, quote } from './x3-entities';
import { X3Record } from './x3-record';
import { complete, NodeAnswer, nodeSelection, readAll, underNode } from './paged-reader';
import { movedRecords } from './moved-records';
import { testConnection } from './test-connection';

export class GraphqlTransport implements X3Transport {
  readonly kind = 'graphql';
  readonly client: X3GraphqlClient;

  private readonly linePage: number;

  /** `linePageSize`: lines fetched with their header; longer documents page their lines through `read`. */
  constructor(
    private readonly settings: ResolvedSettings,
    options: { linePageSize?: number } = {},
  ) {
    this.client = new X3GraphqlClient(settings);
    this.linePage = options.linePageSize ?? 200;
  }

  private spec(entity: X3EntityName): X3EntitySpec {
    const spec = X3_ENTITIES[entity];
    if (!spec) throw new X3ConfigurationError(`Unknown X3 entity ${entity}`);
    return spec;
  }

  private scope(spec: X3EntitySpec): string[] {
    if (!spec.companyFilter || this.settings.companies.length === 0) return [];
    return [spec.companyFilter(`[${this.settings.companies.map(quote).join(',')}]`)];
  }

  list(entity: X3EntityName, options: ListOptions = {}): AsyncIterable<X3Record> {
    const spec = this.spec(entity);
    const filters = [...this.scope(spec), ...(options.filter ? [options.filter] : [])];
    return readAll(this.client, spec, {
      filter: filters.length ? `[${filters.join(',')}]` : undefined,
      orderBy: options.orderBy,
      pageSize: options.pageSize,
      linePageSize: this.linePage,
    });
  }

  listChanged(entity: X3EntityName, options: ListChangedOptions): X3ChangeStream {
    const spec = this.spec(entity);
    const window = new IncrementalWindow(options.cursor, options.delivered, 200, Date.now(), options.window);
    const since = window.since;
    const filters = [
      ...this.scope(spec),
      ...(since ? [`{_updateStamp:{_gte:${quote(since)}}}`] : []),
      ...(options.filter ? [options.filter] : []),
    ];
    // a wide re-read of a window already read: keys and stamps first, whole records only if moved
    const stamps = options.delivered.lastStamps?.bind(options.delivered);
    const records =
      window.wide && since && stamps
        ? movedRecords(this.client, spec, filters, stamps, this.linePage)
        : readAll(this.client, spec, {
            filter: filters.length ? `[${filters.join(',')}]` : undefined,
            orderBy: '{_updateStamp:1,_id:1}',
            pageSize: options.pageSize,
            linePageSize: this.linePage,
          });
    let finished = false;
    return {
      async *[Symbol.asyncIterator]() {
        yield* window.filter(records);
        finished = true;
      },
      nextCursor() {
        if (!finished) throw new Error('nextCursor() is only valid after the change stream has been read to the end');
        return window.next();
      },
      deliveryOf: (record) => window.deliveryOf(record),
    };
  }

  async get(entity: X3EntityName, id: string): Promise<X3Record> {
    const spec = this.spec(entity);
    const query = `query ($id: Id!) { ${spec.group} { ${spec.node} { read(_id: $id) { ${nodeSelection(spec, this.linePage)} } } } }`;
    const data = await this.client.request<NodeAnswer>({ query, variables: { id } });
    const node = underNode<Record<string, unknown> | null>(data, spec, 'read');
    if (!node) throw new X3NotFoundError(`${spec.typeName} ${id} does not exist in ${this.settings.endpoint}`);
    return complete(this.client, spec, node, this.linePage);
  }

  private async mutate(
    spec: X3EntitySpec,
    operation: string,
    args: string,
    variables: Record<string, unknown>,
    argTypes: string,
  ): Promise<X3Record> {
    const query = `mutation (${argTypes}) { ${spec.group} { ${spec.node} { ${operation}(${args}) { ${nodeSelection(spec, this.linePage)} } } } }`;
    const data = await this.client.request<NodeAnswer>({ query, variables, mutation: true });
    return complete(this.client, spec, underNode<Record<string, unknown>>(data, spec, operation), this.linePage);
  }

  create(entity: X3EntityName, data: Record<string, unknown>): Promise<X3Record> {
    const spec = this.spec(entity);
    return this.mutate(spec, 'create', 'data: $data', { data }, `$data: ${spec.typeName}_Input!`);
  }

  update(entity: X3EntityName, id: string, data: Record<string, unknown>): Promise<X3Record> {
    const spec = this.spec(entity);
    return this.mutate(
      spec,
      'update',
      'data: $data',
      { data: { ...data, _id: id } },
      `$data: ${spec.typeName}_Input!`,
    ).catch((error: unknown) => this.notFoundIfGone(spec, id, error));
  }

  runAction(entity: X3EntityName, action: X3Action, id: string): Promise<X3Record> {
    const spec = this.spec(entity);
    if (!spec.actions?.includes(action)) throw new X3ConfigurationError(`${spec.typeName} has no ${action} action`);
    return this.mutate(spec, action, '_id: $id', { id }, '$id: Id!').catch((error: unknown) =>
      this.notFoundIfGone(spec, id, error),
    );
  }

  /**
   * X3 says "does not exist" of any record a request names, so a refused update is a not-found
   * only when a read of THE record's own key finds nothing; otherwise X3's refusal stands.
   */
  private async notFoundIfGone(spec: X3EntitySpec, id: string, error: unknown): Promise<never> {
    if (error instanceof X3ValidationError && error.messages.some((m) => /does not exist|not found/i.test(m))) {
      const query = `query ($id: Id!) { ${spec.group} { ${spec.node} { read(_id: $id) { _id } } } }`;
      const data = await this.client.request<NodeAnswer>({ query, variables: { id } });
      if (!underNode<unknown>(data, spec, 'read'))
        throw new X3NotFoundError(`${spec.typeName} ${id} does not exist in ${this.settings.endpoint}`, {
          status: error.details.status,
          cause: error,
        });
    }
    throw error;
  }

  testConnection(): Promise<X3ConnectionReport> {
    return testConnection(this.client, this.settings.endpoint);
  }

  close(): void {
    this.client.close();
  }
}
