import { DragEvent, useState } from 'react';
import type { DocumentIssueView } from '../../api/types';
import { Button } from '../../components/ui/button';
import { describeSource, FieldMapping, MappingDoc, shown, valueAt } from './mapping-draft';

const DRAG_TYPE = 'application/x-ledgerbridge-source-field';

/**
 * Source fields (the canonical record of the sample) beside target fields (the payload the
 * mapping builds): drag a source onto a target to copy it there. Keyboard and touch users pick a
 * source and press "Connect" on the target instead.
 */
export function FieldsBoard({
  doc,
  sourcePaths,
  targetPaths,
  sample,
  payload,
  issues,
  selected,
  readOnly,
  onConnect,
  onSelect,
}: {
  doc: MappingDoc;
  sourcePaths: string[];
  targetPaths: string[];
  sample: Record<string, unknown> | undefined;
  payload: Record<string, unknown> | undefined;
  issues: DocumentIssueView[];
  selected: string | undefined;
  readOnly: boolean;
  onConnect: (target: string, sourcePath: string) => void;
  onSelect: (target: string) => void;
}) {
  const [picked, setPicked] = useState<string>();
  const [over, setOver] = useState<string>();
  const [newTarget, setNewTarget] = useState('');
  const fields = doc.fields ?? [];
  const mapped = new Map(fields.map((f, i) => [f.target, { field: f, index: i }]));
  const targets = [...new Set([...fields.map((f) => f.target), ...targetPaths])];

  const drop = (target: string) => (e: DragEvent) => {
    e.preventDefault();
    setOver(undefined);
    const path = e.dataTransfer.getData(DRAG_TYPE) || e.dataTransfer.getData('text/plain');
    if (path && !readOnly) onConnect(target, path);
  };

  return (
    <div className="fields-board">
      <div className="source-fields">
        <h3 id="source-fields-heading">Source fields</h3>
        {sourcePaths.length === 0 ? (
          <p className="empty">Run the preview to read a sample record's fields from X3.</p>
        ) : (
          <ul aria-labelledby="source-fields-heading" className="field-chips">
            {sourcePaths.map((p) => (
              <li
                key={p}
                draggable={!readOnly}
                onDragStart={(e) => {
                  e.dataTransfer.setData(DRAG_TYPE, p);
                  e.dataTransfer.setData('text/plain', p);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                className={`chip${picked === p ? ' chip-picked' : ''}`}
                data-source-field={p}
              >
                <button
                  type="button"
                  className="chip-button"
                  aria-pressed={picked === p}
                  onClick={() => setPicked(picked === p ? undefined : p)}
                  disabled={readOnly}
                >
                  <span className="chip-path">{p}</span>
                  <span className="chip-value">{shown(valueAt(sample, p))}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="target-fields">
        <h3 id="target-fields-heading">Target fields</h3>
        <ul aria-labelledby="target-fields-heading" className="target-list">
          {targets.map((t) => {
            const m = mapped.get(t);
            const bad = m && issues.some((i) => i.path.startsWith(`$.fields[${m.index}]`));
            return (
              <li
                key={t}
                className={`target${over === t ? ' target-over' : ''}${selected === t ? ' target-selected' : ''}${bad ? ' target-invalid' : ''}`}
                data-target-field={t}
                onDragOver={(e) => {
                  if (readOnly) return;
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'copy';
                  setOver(t);
                }}
                onDragLeave={() => setOver(undefined)}
                onDrop={drop(t)}
              >
                <button type="button" className="target-name" onClick={() => onSelect(t)} aria-pressed={selected === t}>
                  {t}
                </button>
                <span className="target-source">{m ? describeSource(m.field.source) : 'adapter default'}</span>
                <span className="target-value" data-testid="target-value">
                  {shown(valueAt(payload, t))}
                </span>
                {picked && !readOnly && (
                  <Button
                    variant="link"
                    onClick={() => (onConnect(t, picked), setPicked(undefined))}
                    aria-label={`Connect ${picked} to ${t}`}
                  >
                    Connect
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
        {!readOnly && (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const t = newTarget.trim();
              if (!t) return;
              onSelect(t);
              if (!mapped.has(t)) onConnect(t, picked ?? '');
              setNewTarget('');
            }}
          >
            <label htmlFor="new-target">Map another target field</label>
            <input
              id="new-target"
              value={newTarget}
              onChange={(e) => setNewTarget(e.target.value)}
              placeholder="e.g. contact.name"
            />
            <Button type="submit">Add</Button>
          </form>
        )}
      </div>
    </div>
  );
}

/** A new copy mapping, or an existing one's source replaced by a copy. */
export function connected(existing: FieldMapping | undefined, target: string, from: string): FieldMapping {
  return { ...(existing ?? { target }), target, source: { kind: 'copy', from } };
}
