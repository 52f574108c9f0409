// Analytic dimensions on a line. X3 keeps them by position of the folder's accounting model: the
// type DIE(n) (set by X3 from the folder's setup, read-only) and the dimension CCE(n), exposed as
// dimensionType1..n / analyticalDimension1..n. The canonical form is keyed by type: { DEP: 'SALES' }.
// Writing needs the folder's positions (AdapterContext.x3DimensionTypes): X3 takes CCE by position.
import type { Dimensions } from '../../canonical';
import type { AdapterContext, X3Shape } from '../adapter-contract';
import { text } from './x3-values';

/** X3 accounting models have up to 20 dimension positions (GESDIE). */
const MAX_POSITIONS = 20;

export function dimensionsOf(line: X3Shape): Dimensions | undefined {
  let out: Dimensions | undefined;
  for (let n = 1; n <= MAX_POSITIONS; n++) {
    const typeField = `dimensionType${n}`;
    if (!(typeField in line)) break;
    const type = text(line[typeField]);
    const value = text(line[`analyticalDimension${n}`]);
    if (type && value) (out ??= {})[type] = value;
  }
  return out;
}

/** Canonical dimensions as X3 input fields (analyticalDimension<n>), by the folder's positions. */
export function x3Dimensions(dimensions: Dimensions | undefined, ctx: AdapterContext): X3Shape {
  const out: X3Shape = {};
  if (!dimensions || !ctx.x3DimensionTypes) return out;
  for (const [type, value] of Object.entries(dimensions)) {
    const position = ctx.x3DimensionTypes.indexOf(type);
    if (position >= 0) out[`analyticalDimension${position + 1}`] = value;
  }
  return out;
}
