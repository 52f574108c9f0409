import { AppConfig } from '#lb/config';

/** Our own sandbox (try mode) or ALLOW_PRIVATE_TARGETS: the only X3 base URLs that may be private; others pass the SSRF guard. */
export function privateTargetsFor(config: AppConfig): (baseUrl: string) => boolean {
  const sandbox = config.SANDBOX_URL?.replace(/\/$/, '');
  return (baseUrl) => config.ALLOW_PRIVATE_TARGETS === 'true' || (!!sandbox && baseUrl.replace(/\/$/, '') === sandbox);
}
