// Validates webhook payloads against xero-webhooks.yaml's WebhookEvent / CreditNoteWebhookEvent.
// Spec quirk: eventDateUtc is declared `format: date-time`, yet Xero sends it without a zone
// ("2025-12-02T00:44:09.923", see the spec's own examples), so date-time here accepts an ISO
// timestamp with or without a zone.
import Ajv from 'ajv';
import { requireEsm } from '../core/esm';
import { pinnedSpecText } from './vendored-specs';

interface WebhooksSpec {
  components: Record<string, unknown>;
}

export function webhookValidator(): (payload: unknown) => string[] {
  const { parse } = requireEsm<{ parse: (s: string) => WebhooksSpec }>('yaml');
  const doc = parse(pinnedSpecText('xero-webhooks.yaml'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', /^https?:\/\/\S+$/);
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/);
  ajv.addSchema({ $id: 'xero-webhooks', components: doc.components });
  const all = ajv.getSchema('xero-webhooks#/components/schemas/WebhookEvent')!;
  const credit = ajv.getSchema('xero-webhooks#/components/schemas/CreditNoteWebhookEvent')!;
  return (payload: unknown) => {
    const errors: string[] = [];
    if (!all(payload)) errors.push(ajv.errorsText(all.errors));
    const p = payload as { events?: { eventCategory?: string }[] };
    for (const e of p.events ?? []) {
      if (e.eventCategory === 'CREDITNOTE' && !credit({ ...p, events: [e] }))
        errors.push(ajv.errorsText(credit.errors));
    }
    return errors;
  };
}
