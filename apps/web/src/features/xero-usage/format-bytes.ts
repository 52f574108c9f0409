const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** Bytes (a number or whole-number text) in decimal units: 1 kB = 1,000 bytes, as Xero bills egress. */
export function formatBytes(value: number | string): string {
  let n = Number(value);
  let unit = 0;
  while (n >= 1000 && unit < UNITS.length - 1) {
    n /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${n} bytes` : `${n.toFixed(n < 10 ? 1 : 0)} ${UNITS[unit]}`;
}
