import { MappingHead } from './mapping-head.entity';
import { MappingVersion } from './mapping-version.entity';
import { MappingSuggestion } from '../suggestions/mapping-suggestion.entity';

export const MAPPING_ENTITIES = [MappingVersion, MappingHead, MappingSuggestion];
