/** The sandbox config as the X3 simulator sees it (its own token avoids an import cycle with SandboxModule). */
export const X3_SANDBOX_CONFIG = Symbol('X3_SANDBOX_CONFIG');
