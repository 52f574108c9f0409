import { ChangeEvent, useState } from 'react';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { lookupFromCsv, lookupToCsv, valueFieldsOf } from './lookup-csv';
import { LookupEntry, LookupTable } from './mapping-draft';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function LookupTableEditor({
  table,
  readOnly,
  onChange,
}: {
  table: LookupTable;
  readOnly: boolean;
  onChange: (next: LookupTable) => void;
}) {
  const [error, setError] = useState<string>();
  const values = valueFieldsOf(table);
  const setEntry = (i: number, entry: LookupEntry) =>
    onChange({ ...table, entries: table.entries.map((e, n) => (n === i ? entry : e)) });
  const importCsv = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      onChange({ ...table, entries: lookupFromCsv(table, await file.text()) });
      setError(undefined);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const headingId = `lookup-${table.name}`;
  return (
    <section className="lookup-table" aria-labelledby={headingId} data-lookup={table.name}>
      <h3 id={headingId}>
        {table.name} <span className="badge badge-neutral">{table.kind}</span>
      </h3>
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">Entries of {table.name}</caption>
          <thead>
            <tr>
              {[...table.keyFields, ...values].map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              {!readOnly && (
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {table.entries.map((entry, i) => (
              <tr key={i}>
                {entry.key.map((k, p) => (
                  <td key={`k${p}`}>
                    <input
                      aria-label={`${table.keyFields[p]} of entry ${i + 1}`}
                      value={k}
                      readOnly={readOnly}
                      onChange={(e) =>
                        setEntry(i, { ...entry, key: entry.key.map((x, q) => (q === p ? e.target.value : x)) })
                      }
                    />
                  </td>
                ))}
                {values.map((v) => (
                  <td key={v}>
                    <input
                      aria-label={`${v} of entry ${i + 1}`}
                      value={entry.value[v] ?? ''}
                      readOnly={readOnly}
                      onChange={(e) => setEntry(i, { ...entry, value: { ...entry.value, [v]: e.target.value } })}
                    />
                  </td>
                ))}
                {!readOnly && (
                  <td>
                    <Button
                      variant="link"
                      aria-label={`Remove entry ${i + 1} of ${table.name}`}
                      onClick={() => onChange({ ...table, entries: table.entries.filter((_, n) => n !== i) })}
                    >
                      Remove
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        {!readOnly && (
          <Button
            onClick={() =>
              onChange({
                ...table,
                entries: [
                  ...table.entries,
                  { key: table.keyFields.map(() => ''), value: Object.fromEntries(values.map((v) => [v, ''])) },
                ],
              })
            }
          >
            Add an entry
          </Button>
        )}
        <Button onClick={() => download(`${table.name}.csv`, lookupToCsv(table))}>Export CSV</Button>
        {!readOnly && (
          <label className="btn btn-secondary file-button">
            Import CSV
            <input type="file" accept=".csv,text/csv" className="visually-hidden" onChange={(e) => void importCsv(e)} />
          </label>
        )}
      </div>
      {error && (
        <Alert tone="error" title="The CSV was not imported">
          {error}
        </Alert>
      )}
    </section>
  );
}

export function LookupsEditor({
  tables,
  readOnly,
  onChange,
}: {
  tables: LookupTable[];
  readOnly: boolean;
  onChange: (next: LookupTable) => void;
}) {
  if (!tables.length) return <p className="empty">This mapping has no lookup tables.</p>;
  return (
    <>
      {tables.map((t) => (
        <LookupTableEditor key={t.name} table={t} readOnly={readOnly} onChange={onChange} />
      ))}
    </>
  );
}
