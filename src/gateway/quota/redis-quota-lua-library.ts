import { CONCURRENCY_RETRY_MS } from './quota-refusals.js';
import { ROLLING_BUCKETS, ROLLING_SLOTS } from './rolling-spend.js';
import { LEVEL_SCALE } from './token-bucket.js';

/**
 * The Lua helpers every quota script (redis-quota-scripts.ts) starts with. Kept as TypeScript strings
 * because the build is `tsc`, which copies no .lua files. The arithmetic mirrors token-bucket.ts,
 * rolling-spend.ts and memory-quota-store.ts; `quota-store.conformance.ts` holds the two to the same
 * answers. Lua numbers are doubles, exact for the integers used here (all below 2^53); values are
 * written with int() so Redis never sees an exponent, and replies are arrays of integers.
 *
 * Keys per subject, always in this order: `lease` (ZSET requestId → lease expiry), `rate` (HASH: RPM
 * `rl`/`rt`, TPM `tl`/`tt`/`tc` = level, time, capacity) and `window` (HASH of the budget window: net
 * spend `sum`, grants `gsum`, reservations `res` and `r:<requestId>`; rolling windows add `head` and the
 * ring slots `s<n>`/`g<n>`). Budget kinds in ARGV: `c` calendar (param = window end), `r` rolling
 * (param = window length), `n` none, `-` no budget.
 */

export const QUOTA_LUA_LIBRARY = `
local SCALE = ${LEVEL_SCALE}
local SLOTS = ${ROLLING_SLOTS}
local BUCKETS = ${ROLLING_BUCKETS}
local CONCURRENCY_RETRY_MS = ${CONCURRENCY_RETRY_MS}
local DAY_MS = 86400000
-- A lifetime (none) budget outlives any idle spell worth keeping; the ledger re-seeds it after that.
local NONE_TTL_MS = 90 * DAY_MS
-- Rate-limit buckets live 2 minutes past their last use, and at least until they are full again.
local RATE_TTL_MS = 120000
local RATE_TTL_MARGIN_MS = 60000

local function num(value) return tonumber(value) or 0 end
local function int(value) return string.format('%.0f', value) end

local function extendTtl(key, ms)
  local ttl = redis.call('PTTL', key)
  if ttl == -1 or (ttl >= 0 and ttl < ms) then redis.call('PEXPIRE', key, int(ms)) end
end

local function refill(level, at, cap, now)
  local full = cap * SCALE
  if level >= full then return full end
  local elapsed = now - at
  if elapsed <= 0 then return level end
  if elapsed * cap >= full - level then return full end
  return level + elapsed * cap
end

local function msToFull(level, cap)
  if cap <= 0 then return 0 end
  return math.ceil((cap * SCALE - level) / cap)
end

local function remainingTokens(level) return math.max(0, math.floor(level / SCALE)) end

-- The level at now (full when the bucket is absent) and the time to store with it.
local function readBucket(rate, name, cap, now)
  local v = redis.call('HMGET', rate, name .. 'l', name .. 't')
  if not v[1] then return cap * SCALE, now end
  local at = num(v[2])
  return refill(num(v[1]), at, cap, now), math.max(at, now)
end

-- Net spend and grants of a rolling window at now, and its head bucket: the running sums less the
-- buckets that have left the window. With write, their slots are cleared and the head moves.
local function rollingSums(window, bucketMs, now, write)
  local v = redis.call('HMGET', window, 'head', 'sum', 'gsum')
  local index = math.floor(now / bucketMs)
  if not v[1] then return 0, 0, index end
  local head, sum, gsum = num(v[1]), num(v[2]), num(v[3])
  if index <= head then return sum, gsum, head end
  local first = head + 1
  if index - head >= SLOTS then
    sum, gsum, first = 0, 0, index + 1
    if write then
      local fields = {}
      for slot = 0, SLOTS - 1 do fields[#fields + 1] = 's' .. slot; fields[#fields + 1] = 'g' .. slot end
      redis.call('HDEL', window, unpack(fields))
    end
  end
  for passed = first, index do
    local slot = passed % SLOTS
    local b = redis.call('HMGET', window, 's' .. slot, 'g' .. slot)
    sum, gsum = sum - num(b[1]), gsum - num(b[2])
    if write then redis.call('HDEL', window, 's' .. slot, 'g' .. slot) end
  end
  if write then redis.call('HSET', window, 'head', int(index), 'sum', int(sum), 'gsum', int(gsum)) end
  return sum, gsum, index
end

local function budgetSums(window, kind, param, now)
  if kind == 'r' then
    local sum, gsum = rollingSums(window, param / BUCKETS, now, false)
    return sum, gsum
  end
  local v = redis.call('HMGET', window, 'sum', 'gsum')
  return num(v[1]), num(v[2])
end

-- Calendar windows live a day past their end; rolling ones as long as a charge can count (and any lease).
-- Relative to the caller's now, not Redis's clock, so the two clocks never need to agree.
local function windowTtl(window, kind, param, now, minMs)
  if kind == 'c' then
    redis.call('PEXPIRE', window, int(math.max(1, param + DAY_MS - now)))
  elseif kind == 'n' then
    redis.call('PEXPIRE', window, int(NONE_TTL_MS))
  else
    extendTtl(window, math.max(param + 2 * param / BUCKETS, minMs))
  end
end

-- A charge (spend > 0), a grant (spend = -grant) or a seed, in now's bucket of a rolling window.
local function addSpend(window, kind, param, now, spend, grant)
  if kind == 'r' then
    local sum, gsum, head = rollingSums(window, param / BUCKETS, now, true)
    local slot = head % SLOTS
    local b = redis.call('HMGET', window, 's' .. slot, 'g' .. slot)
    redis.call('HSET', window, 's' .. slot, int(num(b[1]) + spend), 'g' .. slot, int(num(b[2]) + grant),
      'head', int(head), 'sum', int(sum + spend), 'gsum', int(gsum + grant))
  else
    local v = redis.call('HMGET', window, 'sum', 'gsum')
    redis.call('HSET', window, 'sum', int(num(v[1]) + spend), 'gsum', int(num(v[2]) + grant))
  end
  windowTtl(window, kind, param, now, 0)
end

-- Reservations held in the window, less those whose lease expired (a crashed instance never settles).
-- With write, expired leases are removed for good.
local function reservedMicros(s, now, write)
  if not (write or s.hasBudget) then return 0 end
  local total = 0
  if s.hasBudget then total = num(redis.call('HGET', s.window, 'res')) end
  local expired = redis.call('ZRANGEBYSCORE', s.lease, '-inf', int(now))
  if #expired == 0 then return total end
  local freed = 0
  if s.hasBudget then
    for _, id in ipairs(expired) do
      local amount = redis.call('HGET', s.window, 'r:' .. id)
      if amount then
        freed = freed + num(amount)
        if write then redis.call('HDEL', s.window, 'r:' .. id) end
      end
    end
  end
  if write then
    redis.call('ZREMRANGEBYSCORE', s.lease, '-inf', int(now))
    if freed ~= 0 then redis.call('HSET', s.window, 'res', int(total - freed)) end
  end
  return total - freed
end

-- Subjects as admit and peek pass them: 3 keys each, 6 ARGV from base + 1.
local function loadSubjects(base, now, write)
  local subjects = {}
  for i = 1, #KEYS / 3 do
    local a = base + (i - 1) * 6
    local s = {
      lease = KEYS[i * 3 - 2], rate = KEYS[i * 3 - 1], window = KEYS[i * 3],
      kind = ARGV[a + 1], param = num(ARGV[a + 2]), allowance = num(ARGV[a + 3]),
      rpm = num(ARGV[a + 4]), tpm = num(ARGV[a + 5]), concurrency = num(ARGV[a + 6]),
    }
    s.hasBudget = s.kind ~= '-'
    s.reserved = reservedMicros(s, now, write)
    if s.hasBudget then s.spent, s.granted = budgetSums(s.window, s.kind, s.param, now) end
    if s.rpm >= 0 then s.rpmLevel, s.rpmAt = readBucket(s.rate, 'r', s.rpm, now) end
    if s.tpm >= 0 then s.tpmLevel, s.tpmAt = readBucket(s.rate, 't', s.tpm, now) end
    subjects[i] = s
  end
  return subjects
end

-- QuotaState as 8 integers: requests (limit or -1, remaining, reset), tokens (same), has budget, remaining.
-- The most constrained subject of each kind; ties go to the first, as in memory-quota-store.ts.
local function stateReply(subjects, reply)
  local rq, tk, budget = nil, nil, nil
  for _, s in ipairs(subjects) do
    if s.rpm >= 0 and (rq == nil or remainingTokens(s.rpmLevel) < remainingTokens(rq[1])) then
      rq = { s.rpmLevel, s.rpm }
    end
    if s.tpm >= 0 and (tk == nil or remainingTokens(s.tpmLevel) < remainingTokens(tk[1])) then
      tk = { s.tpmLevel, s.tpm }
    end
    if s.hasBudget then
      local remaining = s.allowance - s.spent - s.reserved
      if budget == nil or remaining < budget then budget = remaining end
    end
  end
  for _, bucket in ipairs({ rq or false, tk or false }) do
    if bucket then
      reply[#reply + 1] = bucket[2]
      reply[#reply + 1] = remainingTokens(bucket[1])
      reply[#reply + 1] = msToFull(bucket[1], bucket[2])
    else
      reply[#reply + 1] = -1; reply[#reply + 1] = 0; reply[#reply + 1] = 0
    end
  end
  reply[#reply + 1] = budget and 1 or 0
  reply[#reply + 1] = budget or 0
  return reply
end
`;
