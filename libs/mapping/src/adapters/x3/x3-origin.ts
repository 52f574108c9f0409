import type { SourceOrigin } from '../../canonical';
import type { X3Shape } from '../adapter-contract';
import { text } from './x3-values';

/** Where a canonical record came from: its X3 key and update stamp. */
export function originOf(record: X3Shape, key: string): SourceOrigin {
  const updatedAt = text(record._updateStamp);
  return updatedAt === undefined ? { system: 'x3', key } : { system: 'x3', key, updatedAt };
}
