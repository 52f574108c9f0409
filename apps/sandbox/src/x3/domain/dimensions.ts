import { PoolClient } from 'pg';
import { DIMENSION_POSITIONS } from '../model/analytics';
import { X3BusinessError, Values, getRow, text } from './store';

/** The folder's dimension types by position (DIE(0..3)); a position without a type is ''. */
export async function folderDimensionTypes(client: PoolClient, folder: string): Promise<string[]> {
  const { rows } = await client.query<{ code: string; position: number }>(
    'SELECT code, position FROM x3_dimension_type WHERE folder = $1 AND position BETWEEN 1 AND $2',
    [folder, DIMENSION_POSITIONS.length],
  );
  return DIMENSION_POSITIONS.map((n) => rows.find((r) => r.position === n)?.code ?? '');
}

/**
 * A line's dimension fields as X3 stores them: DIE(n) from the folder's setup and CCE(n) as given
 * (or taken from `defaults`, the line it comes from). X3 refuses a dimension that does not exist for
 * its type or is inactive, and a value at a position the folder has no dimension type for.
 */
export async function lineDimensions(
  client: PoolClient,
  folder: string,
  types: string[],
  line: Values,
  label: string,
  defaults: Values = {},
): Promise<Values> {
  const out: Values = {};
  for (const n of DIMENSION_POSITIONS) {
    const type = types[n - 1];
    const value = text(line[`analyticalDimension${n}`] ?? defaults[`analyticalDimension${n}`]);
    out[`dimensionType${n}`] = type;
    out[`analyticalDimension${n}`] = value;
    if (!value) continue;
    if (!type) throw new X3BusinessError(`${label}: no dimension type at position ${n} (DIE)`);
    const dimension = await getRow(client, 'dimension', folder, `${type}~${value}`);
    if (!dimension) throw new X3BusinessError(`${label}: dimension ${value} (CCE) does not exist for type ${type}`);
    if (!dimension.isActive) throw new X3BusinessError(`${label}: dimension ${value} (CCE) is inactive`);
  }
  return out;
}
