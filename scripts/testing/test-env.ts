// Settings the test run gives every suite besides the service URLs. Keys are throwaway.
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  APP_ENV: 'test',
  LOG_LEVEL: 'warn',
  SECRETS_KEYS: 'test1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
  SECRETS_ACTIVE_KEY_ID: 'test1',
  METRICS_TOKEN: 'test-metrics-token-0123456789',
  SESSION_SECRET: 'test-session-secret-0123456789abcdef',
  PUBLIC_URL: 'http://127.0.0.1:3000',
};
