import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type {
  CanonicalEntity,
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

/**
 * Proposed pairs from names, codes, types, sample values and this tenant's own earlier choices,
 * each with its confidence and reasons; accepting one writes it into the mapping as a new version.
 */
export function SuggestionsPanel({
  integrationId,
  entity,
  direction,
  canEdit,
}: {
  integrationId: string;
  entity: CanonicalEntity;
  direction: MappingDirection;
  canEdit: boolean;
}) {
  const { tenant } = useMember();
  const client = useQueryClient();
  const [kind, setKind] = useState<SuggestionKind>('fields');
  const [status, setStatus] = useState<string>();
  const params = new URLSearchParams({
    kind,
    direction: kind === 'accounts' ? 'x3-to-xero' : direction,
    ...(kind === 'fields' ? { entity } : {}),
  });
  const list = useQuery({
    queryKey: ['tenant', tenant.id, 'suggestions', integrationId, params.toString()],
    queryFn: () =>
      apiGet<SuggestionList>(`/api/integrations/${encodeURIComponent(integrationId)}/suggestions?${params}`),
    enabled: false, // it reads both systems: asked for, not on every visit
  });
  const decide = useMutation({
    mutationFn: ({ s, decision }: { s: SuggestionView; decision: 'accept' | 'reject' }) =>
      apiSend(
        'POST',
        `/api/integrations/${encodeURIComponent(integrationId)}/suggestions/${encodeURIComponent(s.id)}/${decision}`,
      ),
    onSuccess: async (_r, { s, decision }) => {
      setStatus(`${decision === 'accept' ? 'Accepted' : 'Rejected'}: ${s.source.label} → ${s.target.label}.`);
      await Promise.all([
        client.invalidateQueries({ queryKey: ['tenant', tenant.id, 'mapping', integrationId] }),
        list.refetch(),
      ]);
    },
  });
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
      {list.isFetching && !list.data && <Loading what="suggestions" />}
      <ErrorAlert error={list.error} title="No suggestions" />
      <ErrorAlert error={decide.error} title="Not recorded" />
      {list.data && (
        <Table
          caption="Suggestions"
          rows={list.data.suggestions}
          rowKey={(s) => s.id}
          rowTestId={(s) => `suggestion-${s.source.key}`}
          empty="Nothing to suggest: every pair is mapped already."
          columns={[
            {
              header: 'From',
              cell: (s) => `${s.source.key} ${s.source.label !== s.source.key ? `(${s.source.label})` : ''}`,
            },
            {
              header: 'To',
              cell: (s) => `${s.target.key} ${s.target.label !== s.target.key ? `(${s.target.label})` : ''}`,
            },
            { header: 'Confidence', cell: (s) => `${Math.round(s.confidence * 100)} %` },
            { header: 'Why', cell: (s) => s.reasons.join('; ') },
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
                            onClick={() => decide.mutate({ s, decision: 'accept' })}
                            aria-label={`Accept ${s.source.key} → ${s.target.key}`}
                          >
                            Accept
                          </Button>
                          <Button
                            variant="link"
                            onClick={() => decide.mutate({ s, decision: 'reject' })}
                            aria-label={`Reject ${s.source.key} → ${s.target.key}`}
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
