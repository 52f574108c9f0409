import { useState } from 'react';
import type { DocumentIssueView } from '../../api/types';
import { Button } from '../../components/ui/button';
import { ExpressionEditor } from './expression-editor';
import { FieldMapping, MappingDoc, shown, ValueSource } from './mapping-draft';

const KINDS: Array<[ValueSource['kind'], string]> = [
  ['copy', 'Copy a field'],
  ['expression', 'Expression'],
  ['lookup', 'Lookup table'],
  ['constant', 'Constant'],
];

function blankSource(kind: ValueSource['kind'], from: ValueSource): ValueSource {
  const seed = from.kind === 'copy' ? from.from : from.kind === 'expression' ? from.expression : '';
  switch (kind) {
    case 'copy':
      return { kind, from: seed };
    case 'expression':
      return { kind, expression: seed };
    case 'lookup':
      return { kind, table: '', key: [] };
    case 'constant':
      return { kind, value: '' };
  }
}

/** One target field's mapping: where its value comes from, and what it gives on the sample record. */
export function FieldEditor({
  field,
  index,
  doc,
  issues,
  sourcePaths,
  sampleValue,
  readOnly,
  onChange,
  onRemove,
}: {
  field: FieldMapping;
  index: number;
  doc: MappingDoc;
  issues: DocumentIssueView[];
  sourcePaths: string[];
  sampleValue: unknown;
  readOnly: boolean;
  onChange: (next: FieldMapping) => void;
  onRemove: () => void;
}) {
  const [constantText, setConstantText] = useState(
    field.source.kind === 'constant' ? JSON.stringify(field.source.value) : '',
  );
  const mine = issues.filter((i) => i.path.startsWith(`$.fields[${index}]`));
  const expressionIssue = mine.find((i) => i.path.endsWith('.expression'));
  const s = field.source;
  const set = (source: ValueSource) => onChange({ ...field, source });
  const listId = `source-paths-${index}`;
  return (
    <div className="field-editor" data-testid="field-editor">
      <fieldset disabled={readOnly}>
        <legend className="visually-hidden">Mapping of {field.target}</legend>
        <div className="field">
          <label htmlFor={`kind-${index}`}>Value from</label>
          <select
            id={`kind-${index}`}
            value={s.kind}
            onChange={(e) => set(blankSource(e.target.value as ValueSource['kind'], s))}
          >
            {KINDS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {s.kind === 'copy' && (
          <div className="field">
            <label htmlFor={`copy-${index}`}>Source field</label>
            <input
              id={`copy-${index}`}
              list={listId}
              value={s.from}
              onChange={(e) => set({ ...s, from: e.target.value })}
            />
            <datalist id={listId}>
              {sourcePaths.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </div>
        )}
        {s.kind === 'expression' && (
          <ExpressionEditor
            value={s.expression}
            issue={expressionIssue}
            readOnly={readOnly}
            onChange={(expression) => set({ kind: 'expression', expression })}
          />
        )}
        {s.kind === 'lookup' && (
          <div className="field-row">
            <div className="field">
              <label htmlFor={`table-${index}`}>Table</label>
              <select id={`table-${index}`} value={s.table} onChange={(e) => set({ ...s, table: e.target.value })}>
                <option value="">Choose a table</option>
                {(doc.lookups ?? []).map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`key-${index}`}>Key fields (comma-separated)</label>
              <input
                id={`key-${index}`}
                value={s.key.join(', ')}
                onChange={(e) =>
                  set({
                    ...s,
                    key: e.target.value
                      .split(',')
                      .map((k) => k.trim())
                      .filter(Boolean),
                  })
                }
              />
            </div>
            <div className="field">
              <label htmlFor={`pick-${index}`}>Value field</label>
              <input
                id={`pick-${index}`}
                value={s.field ?? ''}
                onChange={(e) => set({ ...s, field: e.target.value || undefined })}
              />
            </div>
          </div>
        )}
        {s.kind === 'constant' && (
          <div className="field">
            <label htmlFor={`constant-${index}`}>Constant (JSON: "text", 12.5, true, null removes the field)</label>
            <input
              id={`constant-${index}`}
              value={constantText}
              onChange={(e) => {
                setConstantText(e.target.value);
                try {
                  set({ kind: 'constant', value: JSON.parse(e.target.value) as unknown });
                } catch {
                  set({ kind: 'constant', value: e.target.value });
                }
              }}
            />
          </div>
        )}
        <div className="field-row">
          <label className="check">
            <input
              type="checkbox"
              checked={field.mode === 'default'}
              onChange={(e) => onChange({ ...field, mode: e.target.checked ? 'default' : undefined })}
            />{' '}
            Only when empty
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={!!field.required}
              onChange={(e) => onChange({ ...field, required: e.target.checked || undefined })}
            />{' '}
            Required
          </label>
        </div>
      </fieldset>
      {mine
        .filter((i) => i !== expressionIssue)
        .map((i) => (
          <p className="field-error" key={i.path + i.message}>
            {i.path}: {i.message}
          </p>
        ))}
      <p className="sample-value">
        On the sample record: <output data-testid="field-preview">{shown(sampleValue)}</output>
      </p>
      {!readOnly && (
        <Button variant="danger" onClick={onRemove}>
          Remove this mapping
        </Button>
      )}
    </div>
  );
}
