// Preloaded (NODE_OPTIONS=--require) into a process whose wall clock should run LB_CLOCK_SKEW_MS
// off everyone else's, as a host whose NTP drifted: Date.now() and new Date() shift; monotonic
// timers (setTimeout, performance.now) do not, as on a real host.
'use strict';
const skew = Number(process.env.LB_CLOCK_SKEW_MS || 0);
if (skew) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + skew);
      else super(...args);
    }
    static now() {
      return realNow() + skew;
    }
  }
  globalThis.Date = SkewedDate;
}
