import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CanonicalEntity, DocumentIssueView, MappingDirection } from '../../api/types';
import { ErrorAlert, LiveStatus, Loading, ReadOnlyNote, RefreshFailed } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Page, Section } from '../../components/ui/page';
import { useMember } from '../session/use-session';
import { connected, FieldsBoard } from './fields-board';
import { FieldEditor } from './field-editor';
import { HistoryPanel } from './history-panel';
import { LookupsEditor } from './lookups-editor';
import { leafPaths, MappingDoc, valueAt, withField, withLookup, withoutField } from './mapping-draft';
import { PreviewPanel } from './preview-panel';
import { valueFieldsOf } from './lookup-csv';
import { StatusMapEditor } from './status-map-editor';
import { SuggestionsPanel } from './suggestions-panel';
import { MappingKey, useActiveMapping, useCheckDocument, useDryRun, useSaveMapping } from './use-mappings';

/** Edits settle this long before the draft is checked (and, once a preview ran, previewed again). */
const SETTLE_MS = 700;

export function MappingStudioPage() {
  const params = useParams();
  const key: MappingKey = {
    integrationId: params.integrationId ?? '',
    entity: params.entity as CanonicalEntity,
    direction: params.direction as MappingDirection,
  };
  const { canEdit } = useMember();
  const active = useActiveMapping(key);
  const check = useCheckDocument(key);
  const dryRun = useDryRun(key);
  const save = useSaveMapping(key);
  // edits belong to the version they started from: a save or roll-back makes the new version the draft
  const [edits, setEdits] = useState<{ version: number; doc: MappingDoc }>();
  const [issues, setIssues] = useState<DocumentIssueView[]>([]);
  const [selected, setSelected] = useState<string>();
  const [sampleKey, setSampleKey] = useState<string>();
  const [comment, setComment] = useState('');
  const [status, setStatus] = useState<string>();
  const previewing = useRef(false);

  const basedOn = active.data?.version;
  const draft = edits && edits.version === basedOn ? edits.doc : (active.data?.document as MappingDoc | undefined);
  const setDraft = (doc: MappingDoc) => basedOn !== undefined && setEdits({ version: basedOn, doc });

  const stored = JSON.stringify(active.data?.document);
  const dirty = !!draft && JSON.stringify(draft) !== stored;
  useEffect(() => {
    if (!draft) return;
    const timer = setTimeout(() => {
      void check.mutateAsync(draft).then(({ issues: found }) => {
        setIssues(found);
        if (!found.length && previewing.current && canEdit) dryRun.mutate({ document: draft, limit: 5 });
      });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the mutations are stable; only the draft re-checks
  }, [draft]);

  const sample = dryRun.data?.records.find((r) => r.sourceKey === sampleKey) ?? dryRun.data?.records[0];
  const sourcePaths = useMemo(() => leafPaths(sample?.canonical ?? {}), [sample]);
  const targetPaths = useMemo(() => leafPaths(sample?.payload ?? {}), [sample]);

  if (active.isPending)
    return (
      <Page title="Mapping studio">
        <Loading what="the mapping" />
      </Page>
    );
  // a failed refresh keeps the studio and the edits on screen; only a first load that failed cannot
  if (!draft || !active.data) {
    return (
      <Page title="Mapping studio">
        <ErrorAlert error={active.error} title="The mapping could not be loaded" />
      </Page>
    );
  }
  const fields = draft.fields ?? [];
  const selectedIndex = fields.findIndex((f) => f.target === selected);
  const selectedField = selectedIndex >= 0 ? fields[selectedIndex] : undefined;
  const runPreview = () => {
    previewing.current = true;
    dryRun.mutate({ document: dirty ? draft : undefined, limit: 5 });
  };

  return (
    <Page
      title={`${key.entity} mapping`}
      lead={
        <>
          {key.direction === 'x3-to-xero' ? 'Sage X3 → Xero' : 'Xero → Sage X3'} · active v{active.data.version}.{' '}
          <Link to={`/mappings?integration=${encodeURIComponent(key.integrationId)}`}>All mappings</Link>
        </>
      }
    >
      {!canEdit && <ReadOnlyNote />}
      <RefreshFailed error={active.error} what="The mapping" />
      <LiveStatus message={status} />
      {canEdit && (
        <section className="card save-bar" aria-label="Save">
          <p data-testid="draft-state">
            {dirty ? 'Unsaved changes' : 'No unsaved changes'}
            {issues.length > 0 && ` · ${issues.length} issue${issues.length > 1 ? 's' : ''} to fix before saving`}
          </p>
          <div className="field">
            <label htmlFor="save-comment">Comment for this version</label>
            <input id="save-comment" value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} />
          </div>
          <div className="button-row">
            <Button
              variant="primary"
              disabled={!dirty || issues.length > 0}
              busy={save.isPending}
              onClick={() =>
                save.mutate(
                  { document: draft, comment: comment.trim() || undefined, basedOnVersion: basedOn },
                  { onSuccess: (v) => (setStatus(`Saved as version ${v.version}.`), setComment('')) },
                )
              }
            >
              Save as a new version
            </Button>
            <Button disabled={!dirty} onClick={() => setDraft(active.data.document as MappingDoc)}>
              Discard changes
            </Button>
          </div>
          <ErrorAlert error={save.error} title="Not saved" />
        </section>
      )}
      <Section
        title="Fields"
        id="fields-heading"
        description="Drag a source field onto a target field, or pick one and press Connect."
      >
        <FieldsBoard
          doc={draft}
          sourcePaths={sourcePaths}
          targetPaths={targetPaths}
          sample={sample?.canonical}
          payload={sample?.payload}
          issues={issues}
          selected={selected}
          readOnly={!canEdit}
          onSelect={setSelected}
          onConnect={(target, from) => {
            const existing = fields.find((f) => f.target === target);
            setDraft(withField(draft, connected(existing, target, from)));
            setSelected(target);
          }}
        />
        {selectedField && (
          <FieldEditor
            key={selectedField.target}
            field={selectedField}
            index={selectedIndex}
            doc={draft}
            issues={issues}
            sourcePaths={sourcePaths}
            sampleValue={valueAt(sample?.payload, selectedField.target)}
            readOnly={!canEdit}
            onChange={(next) => setDraft(withField(draft, next))}
            onRemove={() => (setDraft(withoutField(draft, selectedField.target)), setSelected(undefined))}
          />
        )}
      </Section>
      <Section title="Preview on real records" id="preview-heading">
        <PreviewPanel
          run={dryRun.data}
          busy={dryRun.isPending}
          error={dryRun.error}
          canRun={canEdit}
          sampleKey={sample?.sourceKey}
          onSample={setSampleKey}
          onRun={runPreview}
          onAddEntry={
            canEdit
              ? (tableName, entryKey) => {
                  const table = (draft.lookups ?? []).find((t) => t.name === tableName);
                  if (!table) return setStatus(`This mapping has no lookup table ${tableName}.`);
                  if (table.entries.some((e) => e.key.join('|') === entryKey.join('|'))) return;
                  const value = Object.fromEntries(valueFieldsOf(table).map((f) => [f, '']));
                  setDraft(withLookup(draft, { ...table, entries: [...table.entries, { key: entryKey, value }] }));
                  setStatus(`Added ${entryKey.join(' | ')} to ${tableName}: fill in its value below, then save.`);
                }
              : undefined
          }
        />
      </Section>
      <Section
        title="Suggestions"
        id="suggestions-heading"
        description="Proposed from names, codes, types, sample values and your own earlier choices — no model trained on your data."
      >
        <SuggestionsPanel
          integrationId={key.integrationId}
          entity={key.entity}
          direction={key.direction}
          canEdit={canEdit}
          dirty={dirty}
        />
      </Section>
      <Section title="Lookup tables" id="lookups-heading">
        <LookupsEditor
          tables={draft.lookups ?? []}
          readOnly={!canEdit}
          onChange={(t) => setDraft(withLookup(draft, t))}
        />
      </Section>
      <Section title="Status map" id="status-map-heading">
        <StatusMapEditor
          map={draft.statusMap}
          readOnly={!canEdit}
          onChange={(statusMap) => setDraft({ ...draft, statusMap })}
        />
      </Section>
      <Section title="Version history" id="history-heading">
        <HistoryPanel
          mappingKey={key}
          active={active.data.version}
          readOnly={!canEdit}
          onRolledBack={(v) => setStatus(`Rolled back: version ${v} is active.`)}
        />
      </Section>
    </Page>
  );
}
