import { useId } from 'react';
import type { DocumentIssueView } from '../../api/types';

/**
 * A JSONata expression with its check's issue under it: the text is mirrored with the character
 * the parser stopped at marked (JSONata gives the offset just after the bad token), so the error
 * is underlined where it is, and the message is tied to the box for screen readers.
 */
export function ExpressionEditor({
  value,
  onChange,
  issue,
  readOnly,
  label = 'Expression (JSONata)',
}: {
  value: string;
  onChange: (next: string) => void;
  issue?: DocumentIssueView;
  readOnly?: boolean;
  label?: string;
}) {
  const id = useId();
  const at = issue?.position === undefined ? undefined : Math.max(0, Math.min(value.length, issue.position - 1));
  return (
    <div className={`field expression-field${issue ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        <code>$</code> is the canonical record; <code>$line</code> the line, <code>$source</code> the X3 record,{' '}
        <code>$lookupTable(name, key)</code> a lookup.
      </p>
      <textarea
        id={id}
        className="code"
        rows={3}
        spellCheck={false}
        value={value}
        readOnly={readOnly}
        aria-invalid={issue ? true : undefined}
        aria-describedby={`${id}-hint${issue ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
        data-testid="expression-input"
      />
      {issue && (
        <>
          {at !== undefined && (
            <pre className="code expression-mirror" aria-hidden="true" data-testid="expression-underline">
              {value.slice(0, at)}
              <mark className="expression-error">{value.slice(at, at + 1) || ' '}</mark>
              {value.slice(at + 1)}
            </pre>
          )}
          <p className="field-error" id={`${id}-error`} data-testid="expression-error">
            {issue.message}
            {issue.position !== undefined ? ` (at character ${issue.position})` : ''}
          </p>
        </>
      )}
    </div>
  );
}
