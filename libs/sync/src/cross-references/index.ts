export * from './cross-reference.entity';
export * from './cross-references.service';
