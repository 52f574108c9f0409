// Lua run atomically inside Redis: every process sees one truth about each organisation's budget.
// Time comes from Redis (TIME), never from the caller, so processes with skewed clocks agree.
// Windows are sliding: a sorted set per window, one member per call, scored by time.

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: orgMin, orgDay, orgConc, orgPark, appMin, appPark, seq
 * ARGV: minWindowMs, dayWindowMs, minLimit, dayLimit, concLimit, appLimit, leaseMs, dayReserve
 * → {1, leaseId, now} admitted, or {0, retryAtMs, reason, now}
 */
export const ACQUIRE = `
${NOW}
local minW, dayW = tonumber(ARGV[1]), tonumber(ARGV[2])
local minL, dayL, concL, appL = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local leaseMs, reserve = tonumber(ARGV[7]), tonumber(ARGV[8])
local orgPark = tonumber(redis.call('GET', KEYS[4]) or '0')
if orgPark > now then return {0, orgPark, 'parked', now} end
local appPark = tonumber(redis.call('GET', KEYS[6]) or '0')
if appPark > now then return {0, appPark, 'app-parked', now} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - minW)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - dayW)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - minW)
local function oldest(key) local o = redis.call('ZRANGE', KEYS[key], 0, 0, 'WITHSCORES'); return tonumber(o[2] or now) end
if redis.call('ZCARD', KEYS[3]) >= concL then return {0, oldest(3), 'concurrency', now} end
if redis.call('ZCARD', KEYS[1]) >= minL then return {0, oldest(1) + minW, 'minute', now} end
if redis.call('ZCARD', KEYS[2]) >= dayL - reserve then
  local idx = redis.call('ZCARD', KEYS[2]) - (dayL - reserve)
  local o = redis.call('ZRANGE', KEYS[2], idx, idx, 'WITHSCORES')
  return {0, tonumber(o[2] or now) + dayW, 'day', now}
end
if redis.call('ZCARD', KEYS[5]) >= appL then return {0, oldest(5) + minW, 'app-minute', now} end
local lease = tostring(now) .. ':' .. tostring(redis.call('INCR', KEYS[7]))
redis.call('ZADD', KEYS[3], now + leaseMs, lease)
redis.call('ZADD', KEYS[1], now, lease)
redis.call('ZADD', KEYS[2], now, lease)
redis.call('ZADD', KEYS[5], now, lease)
redis.call('PEXPIRE', KEYS[1], minW * 2); redis.call('PEXPIRE', KEYS[5], minW * 2)
redis.call('PEXPIRE', KEYS[2], dayW + minW); redis.call('PEXPIRE', KEYS[3], leaseMs * 2)
return {1, lease, now}
`;

/**
 * Ends a call: frees its concurrency lease and re-stamps its window entries with when Xero saw
 * it arrive. That instant is unknown but lies between the admission and now; admission plus the
 * arrival margin (how long a request takes to reach Xero) is safe as long as it is not earlier
 * than the real arrival, and costs far less throughput than stamping at completion.
 * KEYS: orgConc, orgMin, orgDay, appMin   ARGV: leaseId ("admittedAtMs:seq"), arrivalMarginMs
 */
export const RELEASE = `
${NOW}
local admitted = tonumber(string.match(ARGV[1], '^(%d+):')) or now
local stamp = math.min(now, admitted + tonumber(ARGV[2]))
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], 'XX', stamp, ARGV[1])
redis.call('ZADD', KEYS[3], 'XX', stamp, ARGV[1])
redis.call('ZADD', KEYS[4], 'XX', stamp, ARGV[1])
return stamp
`;

/**
 * Aligns our counts with what Xero reported (X-MinLimit-Remaining, X-DayLimit-Remaining,
 * X-AppMinLimit-Remaining): when Xero knows of more calls than we do, pad the window.
 * KEYS: orgMin, orgDay, appMin, seq
 * ARGV: minWindowMs, dayWindowMs, minLimit, dayLimit, appLimit, minRemaining, dayRemaining, appRemaining (-1 = absent)
 */
export const OBSERVE = `
${NOW}
local windows = {tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[1])}
local limits = {tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])}
local reported = {tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])}
local padded = 0
for i = 1, 3 do
  if reported[i] >= 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - windows[i])
    local localRemaining = limits[i] - redis.call('ZCARD', KEYS[i])
    local missing = localRemaining - reported[i]
    for n = 1, math.min(missing, limits[i]) do
      redis.call('ZADD', KEYS[i], now, 'pad:' .. tostring(now) .. ':' .. tostring(redis.call('INCR', KEYS[4])))
      padded = padded + 1
    end
    redis.call('PEXPIRE', KEYS[i], windows[i] * 2)
  end
end
return padded
`;

/** Parks an organisation (or the whole app) until a time. KEYS: park   ARGV: delayMs → {until, now} */
export const PARK = `
${NOW}
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > untilMs then return {current, now} end
redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000)
return {untilMs, now}
`;
