// Injection tokens and constants of the Stripe simulator.
/** The sandbox config, re-provided so Stripe files never import sandbox.module (a cycle). */
export const STRIPE_CONFIG = Symbol('STRIPE_CONFIG');
export const STRIPE_SETTINGS = Symbol('STRIPE_SETTINGS');
/** The API version events are stamped with: the one the pinned `stripe` package (v23) asks for. */
export const STRIPE_API_VERSION = '2026-10-28.endive';
