export * from './entities';
export * from './mapping-version.entity';
export * from './mapping-head.entity';
export * from './mapping-validation';
export * from './mapping-versions.service';
export * from './document-check';
