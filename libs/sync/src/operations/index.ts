export * from './operation-errors';
export * from './flow-jobs';
export * from './starter-flows';
export * from './starter-flows.service';
export * from './flow-operations.service';
export * from './pause-reasons';
export * from './dead-letters.service';
export * from './recent-activity';
