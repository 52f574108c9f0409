// Lookup tables as CSV, both ways. Spreadsheet programs run a cell that starts with = + - @ (or a
// tab / carriage return) as a formula, so export quotes such cells with a leading apostrophe and
// import takes exactly that apostrophe off again: a round trip gives back the same text. Text that
// itself starts with an apostrophe gets one too, or `'=1` would come back as `=1`.

const ESCAPED_START = /^['=+\-@\t\r]/;

/** A cell as written to a file: formula-looking text neutralised, then quoted when it must be. */
export function csvCell(value: string): string {
  const safe = ESCAPED_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 rows; the apostrophe export added before a formula-looking cell is removed. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell.startsWith("'") && ESCAPED_START.test(cell.slice(1)) ? cell.slice(1) : cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n') endRow();
    else if (c === '\r') {
      endRow();
      if (src[i + 1] === '\n') i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) endRow();
  return rows.filter((r) => r.some((c) => c !== ''));
}
