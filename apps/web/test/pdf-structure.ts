// A light PDF check for tests (no PDF library in the tree): the file is read the way a viewer starts
// one — header, the trailer's startxref, the cross-reference table, every object where the table
// says it is, the catalogue and its page tree — and the pages are counted. pdfkit writes a classic
// xref table and leaves dictionaries uncompressed (only content streams are deflated).

export interface PdfShape {
  version: string;
  objects: number;
  pages: number;
}

export function pdfStructure(bytes: Uint8Array): PdfShape {
  const text = Buffer.from(bytes).toString('latin1');
  const header = /^%PDF-(\d\.\d)/.exec(text);
  if (!header) throw new Error('no %PDF- header');
  if (!/%%EOF\s*$/.test(text)) throw new Error('no %%EOF at the end');
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!start) throw new Error('no startxref before %%EOF');
  const xrefAt = Number(start[1]);
  if (!text.startsWith('xref', xrefAt)) throw new Error(`startxref ${xrefAt} does not point at an xref table`);
  const table = /^xref\s+(\d+)\s+(\d+)\s+/.exec(text.slice(xrefAt));
  if (!table) throw new Error('unreadable xref subsection header');
  const [first, count] = [Number(table[1]), Number(table[2])];
  const entries = text
    .slice(xrefAt + table[0].length)
    .split(/\r?\n|\r/)
    .slice(0, count);
  const offsets = new Map<number, number>();
  entries.forEach((line, i) => {
    const e = /^(\d{10}) (\d{5}) ([nf])\s*$/.exec(line);
    if (!e) throw new Error(`bad xref entry ${first + i}: ${JSON.stringify(line)}`);
    if (e[3] === 'n') offsets.set(first + i, Number(e[1]));
  });
  for (const [n, at] of offsets) {
    if (!new RegExp(`^${n} 0 obj\\b`).test(text.slice(at, at + 20)))
      throw new Error(`object ${n} is not at offset ${at}`);
  }
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(text.slice(xrefAt));
  const root = trailer && /\/Root (\d+) 0 R/.exec(trailer[1]);
  if (!root) throw new Error('no /Root in the trailer');
  const object = (n: number) => {
    const at = offsets.get(n);
    if (at === undefined) throw new Error(`object ${n} is not in the xref table`);
    return text.slice(at, text.indexOf('endobj', at));
  };
  const pagesRef = /\/Type \/Catalog[\s\S]*?\/Pages (\d+) 0 R/.exec(object(Number(root[1])));
  if (!pagesRef) throw new Error('the catalogue has no /Pages');
  const pages = /\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(object(Number(pagesRef[1])));
  if (!pages) throw new Error('the page tree has no /Count');
  return { version: header[1], objects: offsets.size, pages: Number(pages[1]) };
}
