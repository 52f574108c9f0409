import { PoolClient } from 'pg';
import { insertRow } from '../domain/store';

/** [code, description, position]: the folder's dimension types (DIE) at their accounting-model positions. */
const DIMENSION_TYPES: Array<[string, string, number]> = [
  ['DEPT', 'Department', 1],
  ['PROJECT', 'Project', 2],
];

/** [dimension type, code, description, active]: dimensions (CCE); an inactive one shows X3's refusal. */
const DIMENSIONS: Array<[string, string, string, boolean]> = [
  ['DEPT', 'SALES', 'Sales', true],
  ['DEPT', 'ADMIN', 'Administration', true],
  ['DEPT', 'OPS', 'Operations', true],
  ['PROJECT', 'P100', 'Website relaunch', true],
  ['PROJECT', 'P200', 'Store fit-out', true],
  ['PROJECT', 'OLD01', 'Closed project', false],
];

export async function seedAnalytics(client: PoolClient, folder: string, stamp: Date): Promise<void> {
  for (const [code, description, position] of DIMENSION_TYPES)
    await insertRow(client, 'dimensionType', folder, code, { code, description, position }, stamp);
  for (const [dimensionType, code, description, isActive] of DIMENSIONS)
    await insertRow(
      client,
      'dimension',
      folder,
      `${dimensionType}~${code}`,
      { dimensionType, code, description, isActive },
      stamp,
    );
}
