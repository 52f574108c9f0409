export * from './flow-run.entity';
export * from './flow-run-step.entity';
export * from './flow-event.entity';
export * from './flow-events';
export * from './flow-runs.service';
export * from './flow-graph-gate';
export * from './flow-dry-run.service';
export type { DryPathStep, DryStop, DryStopKind, DryWalk } from './dry-walk';
