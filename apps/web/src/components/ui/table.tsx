import { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Visually hidden header (e.g. an actions column) — still read by screen readers. */
  hideHeader?: boolean;
}

/**
 * A real <table> with a caption. Below 40rem the rows stack as cards (each cell labelled by its
 * column header through data-label), so nothing scrolls sideways on a phone.
 */
export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  rowTestId,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** What the empty table means and what to do next (a sentence, maybe with a link). */
  empty: ReactNode;
  rowTestId?: (row: T) => string;
}) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="table stack-on-mobile">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col">
              {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} data-testid={rowTestId?.(row)}>
            {columns.map((c) => (
              <td key={c.header} data-label={c.hideHeader ? '' : c.header}>
                <div className="cell">{c.cell(row)}</div>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
