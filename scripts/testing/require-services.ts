// Integration suites talk to the real PostgreSQL and Redis that `npm test` starts. Run alone,
// without them, they would hang on connection retries: fail at once and say why instead.
const missing = ['DATABASE_URL', 'DATABASE_OWNER_URL', 'REDIS_URL', 'SANDBOX_DATABASE_URL'].filter(
  (name) => !process.env[name],
);
if (missing.length > 0) {
  throw new Error(
    `Integration tests need ${missing.join(', ')}. Run them through \`npm test\`, which starts ` +
      'embedded PostgreSQL and a local redis-server and sets these variables.',
  );
}
