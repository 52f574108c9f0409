import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { ElementValidationError, XeroHttpError, badRequest, validationException } from '../core/xero-errors';
import { msDate } from '../core/ms-date';
import { recordOf, records, text } from '../core/json';
import { OrgStore } from '../orgs/org-store';
import { XeroRequestContext } from './xero-context';

export function envelope(ctx: XeroRequestContext, now: number, plural: string, items: Doc[], pagination?: Doc): Doc {
  return {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: ctx.providerName,
    DateTimeUTC: msDate(now),
    ...(pagination ? { pagination } : {}),
    [plural]: items,
  };
}

function messagesOf(error: unknown): string[] | undefined {
  if (error instanceof ElementValidationError) return error.messages;
  if (error instanceof XeroHttpError && error.status === 404)
    return [text(recordOf(error.body)?.Detail) ?? 'Not found'];
  if (error instanceof XeroHttpError && error.status === 400)
    return [text(recordOf(error.body)?.Message) ?? 'A validation exception occurred'];
  return undefined;
}

/**
 * A write of many elements. summarizeErrors=false: 200 with each element's outcome.
 * Otherwise one bad element makes the response a 400 ValidationException, yet – as reported of
 * real Xero – the valid elements are still saved.
 */
export async function runBatch(
  store: OrgStore,
  ctx: XeroRequestContext,
  plural: string,
  body: unknown,
  summarizeErrors: unknown,
  handle: (s: OrgSession, element: Doc) => Promise<Doc>,
): Promise<Doc> {
  const list = recordOf(body)?.[plural];
  if (!Array.isArray(list)) throw badRequest(`The request body must be an object with a ${plural} array`);
  const elements = records(list);
  if (elements.length !== list.length) throw badRequest(`Each of ${plural} must be an object`);
  const summarize = text(summarizeErrors)?.toLowerCase() !== 'false';
  let failed = false;
  const { results, now } = await store.run(ctx.tenantId, async (s) => {
    const out: Doc[] = [];
    for (const element of elements) {
      try {
        const saved = await s.atomically(() => handle(s, element ?? {}));
        out.push({ ...saved, StatusAttributeString: 'OK' });
      } catch (error) {
        const messages = messagesOf(error);
        if (!messages) throw error;
        failed = true;
        out.push({
          ...(element ?? {}),
          HasErrors: true,
          HasValidationErrors: true,
          StatusAttributeString: 'ERROR',
          ValidationErrors: messages.map((Message) => ({ Message })),
        });
      }
    }
    return { results: out, now: s.now };
  });
  if (failed && summarize) throw validationException(results.filter((r) => r.StatusAttributeString === 'ERROR'));
  return envelope(ctx, now, plural, results);
}

/** A single-element write (POST /X/{id}): errors are the 400 ValidationException directly. */
export async function runSingle(
  store: OrgStore,
  ctx: XeroRequestContext,
  plural: string,
  handle: (s: OrgSession) => Promise<Doc>,
): Promise<Doc> {
  const { doc, now } = await store.run(ctx.tenantId, async (s) => ({ doc: await handle(s), now: s.now }));
  return envelope(ctx, now, plural, [{ ...doc, StatusAttributeString: 'OK' }]);
}

export function unitdpOf(value: unknown): number {
  return String(value) === '4' ? 4 : 2;
}
