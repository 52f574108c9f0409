export const NUDGE_THROTTLE = Symbol('NUDGE_THROTTLE');
export const NUDGE_REDIS = Symbol('NUDGE_REDIS');
