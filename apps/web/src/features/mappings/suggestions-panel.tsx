import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type {
  CanonicalEntity,
  DecisionResult,
  MappingDirection,
  SuggestionKind,
  SuggestionList,
  SuggestionView,
} from '../../api/types';
import { ErrorAlert, Loading, LiveStatus } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { apiGet, apiSend } from '../../lib/api-client';
import { useMember } from '../session/use-session';

const KINDS: Array<[SuggestionKind, string]> = [
  ['fields', 'Fields of this mapping'],
  ['accounts', 'GL accounts (journal lookups)'],
  ['taxes', 'Tax codes'],
];

/** What a mapping is most likely to want suggested: its lookups' kind where it has one. */
export function defaultKindOf(entity: CanonicalEntity): SuggestionKind {
  if (entity === 'journal') return 'accounts';
  if (entity === 'invoice' || entity === 'bill') return 'taxes';
  return 'fields';
}

const enc = encodeURIComponent;
const labelled = (side: { key: string; label: string }) =>
  side.label !== side.key ? `${side.key} (${side.label})` : side.key;

/**
 * Proposed pairs from names, codes, types, sample values and this tenant's own earlier choices,
 * each with its confidence and reasons; accepting one writes it into the mapping it belongs to as a
 * new version (named, with a link when that is another mapping); a rejected pair is not proposed again.
 */
export function SuggestionsPanel({
  integrationId,
  entity,
  direction,
  canEdit,
  dirty,
}: {
  integrationId: string;
  entity: CanonicalEntity;
  direction: MappingDirection;
  canEdit: boolean;
  /** This mapping has unsaved changes: a pair for it would start a new version under them, so it waits. */
  dirty: boolean;
}) {
  const { tenant } = useMember();
  const client = useQueryClient();
  const [kind, setKind] = useState<SuggestionKind>(() => defaultKindOf(entity));
  const [status, setStatus] = useState<string>();
  const params = new URLSearchParams({
    kind,
    direction: kind === 'accounts' ? 'x3-to-xero' : direction,
    ...(kind === 'fields' ? { entity } : {}),
  });
  const list = useQuery({
    queryKey: ['tenant', tenant.id, 'suggestions', integrationId, params.toString()],
    queryFn: () => apiGet<SuggestionList>(`/api/integrations/${enc(integrationId)}/suggestions?${params}`),
    enabled: false, // it reads both systems: asked for, not on every visit
  });
  const here = (s: SuggestionView) => s.writesTo.entity === entity && s.direction === direction;
  const decide = useMutation({
    mutationFn: ({ s, decision }: { s: SuggestionView; decision: 'accept' | 'reject' }) =>
      apiSend<DecisionResult>('POST', `/api/integrations/${enc(integrationId)}/suggestions/${enc(s.id)}/${decision}`),
    onSuccess: async (r, { s, decision }) => {
      const pair = `${s.source.key} → ${s.target.key}`;
      setStatus(
        decision === 'reject'
          ? `Rejected: ${pair}. It will not be proposed again.`
          : `Accepted: ${pair}, saved as version ${r.mappingVersion ?? '?'} of the ${s.writesTo.entity} mapping` +
              `${s.writesTo.table ? ` (lookup table ${s.writesTo.table})` : ''}.`,
      );
      await Promise.all([
        client.invalidateQueries({ queryKey: ['tenant', tenant.id, 'mapping', integrationId] }),
        list.refetch(),
      ]);
    },
  });
  const goesInto = (s: SuggestionView) => {
    const where = `${s.writesTo.entity} mapping${s.writesTo.table ? ` · ${s.writesTo.table}` : ''}`;
    if (here(s)) return `this ${where.replace(/^\w+ /, '')}`;
    return (
      <Link to={`/integrations/${enc(integrationId)}/mappings/${enc(s.writesTo.entity)}/${enc(s.direction)}`}>
        {where}
      </Link>
    );
  };
  const named = (s: SuggestionView) => `${s.source.key} → ${s.target.key}${s.kind === 'taxes' ? ` (${s.scope})` : ''}`;
  return (
    <>
      <LiveStatus message={status} />
      <div className="button-row">
        <label htmlFor="suggestion-kind">Suggest</label>
        <select id="suggestion-kind" value={kind} onChange={(e) => setKind(e.target.value as SuggestionKind)}>
          {KINDS.map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </select>
        <Button onClick={() => void list.refetch()} busy={list.isFetching}>
          Suggest pairs
        </Button>
      </div>
      {canEdit && dirty && list.data?.suggestions.some(here) && (
        <p className="hint" data-testid="suggestions-wait">
          Save or discard your changes to this mapping before accepting a pair into it.
        </p>
      )}
      {list.isFetching && !list.data && <Loading what="suggestions" />}
      <ErrorAlert error={list.error} title="No suggestions" />
      <ErrorAlert error={decide.error} title="Not recorded" />
      {list.data && (
        <Table
          caption="Suggestions"
          rows={list.data.suggestions}
          rowKey={(s) => s.id}
          rowTestId={(s) => `suggestion-${s.scope}-${s.source.key}`}
          empty="Nothing to suggest: every pair is mapped already."
          columns={[
            { header: 'From', cell: (s) => labelled(s.source) },
            { header: 'To', cell: (s) => labelled(s.target) },
            { header: 'Confidence', cell: (s) => `${Math.round(s.confidence * 100)} %` },
            { header: 'Why', cell: (s) => s.reasons.join('; ') },
            { header: 'Goes into', cell: goesInto },
            { header: 'State', cell: (s) => <StatusBadge status={s.status} /> },
            ...(canEdit
              ? [
                  {
                    header: 'Actions',
                    hideHeader: true,
                    cell: (s: SuggestionView) =>
                      s.status === 'proposed' ? (
                        <div className="button-row">
                          <Button
                            variant="link"
                            disabled={decide.isPending || (dirty && here(s))}
                            onClick={() => decide.mutate({ s, decision: 'accept' })}
                            aria-label={`Accept ${named(s)}`}
                          >
                            Accept
                          </Button>
                          <Button
                            variant="link"
                            disabled={decide.isPending}
                            onClick={() => decide.mutate({ s, decision: 'reject' })}
                            aria-label={`Reject ${named(s)}`}
                          >
                            Reject
                          </Button>
                        </div>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
    </>
  );
}
