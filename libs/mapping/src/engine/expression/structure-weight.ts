// The logical size of a value: the number of nodes it would have written out as a tree. Shared
// references count every time they appear, so `[$a, $a]` nested 30 deep weighs 2^30 although it
// takes little memory: that is the size $clone, $string, `=` and $distinct would walk natively.
// Weights are memoised per object; each step's result is weighed on exit, so a new array reads
// its items' cached weights and the cost stays linear.

const weights = new WeakMap<object, number>();

/** The value's weight, or some number above `cap` once it is known to exceed it. */
export function weightOf(value: unknown, cap: number): number {
  if (value === null || typeof value !== 'object') return 1;
  // JSONata functions and lambdas are opaque here (their environment is not data).
  if ('_jsonata_function' in value || '_jsonata_lambda' in value) return 1;
  const cached = weights.get(value);
  if (cached !== undefined) return cached;
  weights.set(value, cap + 1); // provisional: a cycle reads as too big
  let weight = 1;
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  for (const child of children) {
    weight += weightOf(child, cap);
    if (weight > cap) break;
  }
  weights.set(value, weight);
  return weight;
}
