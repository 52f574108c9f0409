import { SyncCrossReference } from './cross-references/cross-reference.entity';
import { SyncFlowHead } from './flows/flow-head.entity';
import { SyncFlowVersion } from './flows/flow-version.entity';

export const SYNC_ENTITIES = [SyncCrossReference, SyncFlowVersion, SyncFlowHead];
