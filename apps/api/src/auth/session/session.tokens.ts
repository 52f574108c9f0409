/** The PgSessionStore instance the session middleware uses, for "sign out everywhere". */
export const SESSION_STORE = Symbol('SESSION_STORE');
