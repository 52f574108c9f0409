import { XeroRecordOutcome } from '../entities/xero-write-batch.entity';
import { EntitySpec } from '../operations/entity-catalog';

type Row = Record<string, unknown>;

export function naturalKeyOf(s: EntitySpec, record: Row): { field: string; value: string } | null {
  for (const field of s.naturalKeys) {
    const v = record[field];
    if (typeof v === 'string' && v.trim()) return { field, value: v };
  }
  return null;
}

/**
 * With summarizeErrors=false Xero answers 200 with one element per record, in order; each says
 * OK or ERROR with its own ValidationErrors. Every sent record gets exactly one outcome.
 */
export function outcomesFromResponse(s: EntitySpec, sent: Row[], body: Row): XeroRecordOutcome[] {
  const returned = (body[s.wrapper] as Row[] | undefined) ?? [];
  return sent.map((record, index) => {
    const el = returned[index];
    const key = naturalKeyOf(s, record)?.value ?? null;
    if (!el)
      return {
        index,
        naturalKey: key,
        status: 'error',
        xeroId: null,
        messages: ['Xero returned no element for this record'],
      };
    const errors = ((el.validationErrors as Array<{ message?: string }> | undefined) ?? [])
      .map((v) => v.message ?? '')
      .filter(Boolean);
    const failed = el.hasErrors === true || el.statusAttributeString === 'ERROR' || errors.length > 0;
    const id =
      typeof el[s.idField] === 'string' && !/^0{8}-/.test(el[s.idField] as string) ? (el[s.idField] as string) : null;
    return failed
      ? {
          index,
          naturalKey: key,
          status: 'error',
          xeroId: null,
          messages: errors.length ? errors : ['Xero reported an error'],
        }
      : { index, naturalKey: key, status: 'ok', xeroId: id, messages: [] };
  });
}

/** A whole-request validation failure: every record gets Xero's message for its element. */
export function outcomesFromRejection(
  s: EntitySpec,
  sent: Row[],
  messages: string[],
  elements: Row[] | undefined,
): XeroRecordOutcome[] {
  return sent.map((record, index) => {
    const el = elements?.[index];
    const own = ((el?.ValidationErrors as Array<{ Message?: string }> | undefined) ?? [])
      .map((v) => v.Message ?? '')
      .filter(Boolean);
    return {
      index,
      naturalKey: naturalKeyOf(s, record)?.value ?? null,
      status: 'error',
      xeroId: null,
      messages: own.length ? own : messages,
    };
  });
}
