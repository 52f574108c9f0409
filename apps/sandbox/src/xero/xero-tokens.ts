// Injection tokens of the Xero simulator.
export const XERO_SETTINGS = Symbol('XERO_SETTINGS');
export const OIDC_PROVIDER = Symbol('OIDC_PROVIDER');
/** The sandbox config, re-provided here so Xero files never import sandbox.module (a cycle). */
export const XERO_CONFIG = Symbol('XERO_CONFIG');
