/** The sandbox's config provider token (kept apart from the module to avoid an import cycle). */
export const SANDBOX_CONFIG = Symbol('SANDBOX_CONFIG');
