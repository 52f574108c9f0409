// Whether two document references are "near-equal": the same reference typed twice ('PO 4471' vs
// 'PO4471', 'po-4471' vs 'PO 4471/A'), not two references that share a prefix ('PO-1' vs 'PO-2').

/** Upper case, letters and digits only. */
export function normaliseReference(ref: string): string {
  return ref.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The reference's shape: letters kept, each digit a 9, punctuation and spaces kept (a learned pattern). */
export function referenceShape(ref: string): string {
  return ref.toUpperCase().replace(/[0-9]/g, '9').replace(/\s+/g, ' ').trim();
}

function digitsOf(ref: string): string {
  return ref.replace(/[^0-9]/g, '');
}

/** Levenshtein distance (references are short: the quadratic table is fine). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * Near-equal: equal once normalised, or — when both carry the same digits (the number is what
 * tells documents apart) — within a fifth of their length in edits.
 */
export function nearEqualReferences(a: string, b: string): boolean {
  const na = normaliseReference(a);
  const nb = normaliseReference(b);
  if (!na || !nb) return false;
  if (na === nb) return true;
  const da = digitsOf(na);
  if (!da || da !== digitsOf(nb)) return false;
  return editDistance(na, nb) / Math.max(na.length, nb.length) <= 0.2;
}

/** The pattern an expected duplicate teaches: the pair of shapes, order-free. */
export function referencePairPattern(a: string, b: string): string {
  return [referenceShape(a), referenceShape(b)].sort().join(' ~ ');
}
