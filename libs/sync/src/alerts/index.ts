export * from './alert-entities';
export * from './alert-conditions';
export * from './alert-evaluator';
export * from './alert-notices';
export * from './alert-rules.service';
export * from './alert-webhook-sender';
export * from './alert-day-budget';
