import { MappingHead } from './mapping-head.entity';
import { MappingVersion } from './mapping-version.entity';

export const MAPPING_ENTITIES = [MappingVersion, MappingHead];
