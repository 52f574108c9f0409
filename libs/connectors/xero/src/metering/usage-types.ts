/** One UTC day of a connection's Xero traffic. */
export interface DayTotals {
  date: string;
  calls: number;
  bytesIn: number;
  bytesOut: number;
}

/** The rolling 24 h (Xero's day limit window) that ends now. */
export interface RollingUsage {
  windowStart: string;
  windowEnd: string;
  calls: number;
  bytesIn: number;
  bytesOut: number;
  /** X-DayLimit-Remaining as Xero last reported it, less our calls since; null when not reported in the window. */
  xeroRemaining: number | null;
  xeroReportedAt: string | null;
}

export interface TenantDriver {
  tenantId: string;
  calls: number;
  bytes: number;
}

/** The rolling minute (Xero's X-MinLimit window) that ends now. */
export interface MinuteUsage {
  windowStart: string;
  windowEnd: string;
  calls: number;
  /** X-MinLimit-Remaining as Xero last reported it, less our calls since; null when not reported in the minute. */
  xeroRemaining: number | null;
  xeroReportedAt: string | null;
}
