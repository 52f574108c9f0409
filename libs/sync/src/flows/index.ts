export * from './flow-document';
export * from './validate-flow';
export * from './flow-version.entity';
export * from './flow-head.entity';
export * from './flow-versions.service';
export * from './flow-graph';
