import { QUOTA_LUA_LIBRARY } from './redis-quota-lua-library.js';

/**
 * One script per store operation, each run atomically by Redis (ioredis `defineCommand`: EVALSHA, with
 * EVAL when the server lacks the script). Every key a script touches is in KEYS. The shared helpers and
 * the key layout are described in redis-quota-lua-library.ts.
 */

/**
 * KEYS: 3 per subject. ARGV: requestId, now, leaseMs, estimateMicros, estimateTokens, then per subject
 * budget kind, param, allowance, rpm, tpm, concurrency (-1 = no limit). Reply: admitted, refusal kind
 * (1 budget, 2 rpm, 3 tpm, 4 concurrency), subject index (1-based), limit, retryAfterMs (-1 = null),
 * neverFits, then stateReply's 8.
 */
export const ADMIT_SCRIPT = `${QUOTA_LUA_LIBRARY}
local requestId, now, leaseMs = ARGV[1], num(ARGV[2]), num(ARGV[3])
local estimate, tokens = num(ARGV[4]), num(ARGV[5])
local subjects = loadSubjects(5, now, true)

local function bucketRefusal(kind, i, level, cap, need)
  if level >= need * SCALE then return nil end
  if need > cap then return { 0, kind, i, cap, -1, 1 } end
  return { 0, kind, i, cap, math.ceil((need * SCALE - level) / cap), 0 }
end

local function check(s, i)
  if s.hasBudget and estimate > 0 and estimate > s.allowance - s.spent - s.reserved then
    local retry = -1
    if s.kind == 'c' then retry = s.param - now end
    local never = 0
    if estimate > s.allowance + s.granted then never = 1 end
    return { 0, 1, i, s.allowance, retry, never }
  end
  local refusal = nil
  if s.tpm >= 0 then refusal = bucketRefusal(3, i, s.tpmLevel, s.tpm, tokens) end
  if refusal == nil and s.rpm >= 0 then refusal = bucketRefusal(2, i, s.rpmLevel, s.rpm, 1) end
  if refusal == nil and s.concurrency >= 0 and redis.call('ZCARD', s.lease) >= s.concurrency then
    if s.concurrency == 0 then return { 0, 4, i, 0, -1, 1 } end
    return { 0, 4, i, s.concurrency, CONCURRENCY_RETRY_MS, 0 }
  end
  return refusal
end

for i, s in ipairs(subjects) do
  local refusal = check(s, i)
  if refusal then return stateReply(subjects, refusal) end
end

for _, s in ipairs(subjects) do
  redis.call('ZADD', s.lease, int(now + leaseMs), requestId)
  extendTtl(s.lease, leaseMs)
  if s.hasBudget then
    s.reserved = s.reserved + estimate
    redis.call('HSET', s.window, 'res', int(s.reserved), 'r:' .. requestId, int(estimate))
    windowTtl(s.window, s.kind, s.param, now, leaseMs)
  end
  local ttl = math.max(RATE_TTL_MS, leaseMs)
  if s.tpm >= 0 then
    s.tpmLevel = s.tpmLevel - tokens * SCALE
    redis.call('HSET', s.rate, 'tl', int(s.tpmLevel), 'tt', int(s.tpmAt), 'tc', int(s.tpm))
    ttl = math.max(ttl, msToFull(s.tpmLevel, s.tpm) + RATE_TTL_MARGIN_MS)
  end
  if s.rpm >= 0 then
    s.rpmLevel = s.rpmLevel - SCALE
    redis.call('HSET', s.rate, 'rl', int(s.rpmLevel), 'rt', int(s.rpmAt))
    ttl = math.max(ttl, msToFull(s.rpmLevel, s.rpm) + RATE_TTL_MARGIN_MS)
  end
  if s.tpm >= 0 or s.rpm >= 0 then extendTtl(s.rate, ttl) end
end
return stateReply(subjects, { 1, 0, 0, 0, 0, 0 })
`;

/**
 * KEYS: 3 per subject (the window of the ticket). ARGV: requestId, now, costMicros, estimateTokens,
 * usedTokens, then per subject budget kind and param. A subject whose lease is gone was settled already
 * (or expired and was released): nothing happens to it, which makes settle idempotent.
 */
export const SETTLE_SCRIPT = `${QUOTA_LUA_LIBRARY}
local requestId, now, cost = ARGV[1], num(ARGV[2]), num(ARGV[3])
local estimateTokens, usedTokens = num(ARGV[4]), num(ARGV[5])
for i = 1, #KEYS / 3 do
  local lease, rate, window = KEYS[i * 3 - 2], KEYS[i * 3 - 1], KEYS[i * 3]
  local kind, param = ARGV[4 + i * 2], num(ARGV[5 + i * 2])
  local expiry = redis.call('ZSCORE', lease, requestId)
  if expiry then
    redis.call('ZREM', lease, requestId)
    local field = 'r:' .. requestId
    local amount = kind ~= '-' and redis.call('HGET', window, field)
    if amount then
      local reserved = num(redis.call('HGET', window, 'res'))
      redis.call('HDEL', window, field)
      redis.call('HSET', window, 'res', int(reserved - num(amount)))
    end
    -- Past its expiry the lease counts as released already (see memory-quota-store.ts).
    if num(expiry) > now then
      local t = redis.call('HMGET', rate, 'tl', 'tt', 'tc')
      if t[3] then
        local cap, at = num(t[3]), num(t[2])
        local level = refill(num(t[1]), at, cap, now)
        level = math.min(level + (estimateTokens - usedTokens) * SCALE, cap * SCALE)
        redis.call('HSET', rate, 'tl', int(level), 'tt', int(math.max(at, now)))
        extendTtl(rate, math.max(RATE_TTL_MS, msToFull(level, cap) + RATE_TTL_MARGIN_MS))
      end
      if kind ~= '-' then addSpend(window, kind, param, now, cost, 0) end
    end
  end
end
return 1
`;

/** KEYS: the subject's current window. ARGV: budget kind, param, now, amountMicros (negative takes back). */
export const CREDIT_SCRIPT = `${QUOTA_LUA_LIBRARY}
local amount = num(ARGV[4])
addSpend(KEYS[1], ARGV[1], num(ARGV[2]), num(ARGV[3]), -amount, amount)
return 1
`;

/** KEYS: the subject's current window. ARGV: budget kind, param, now, netSpentMicros. Reply: 1 if seeded. */
export const SEED_SCRIPT = `${QUOTA_LUA_LIBRARY}
if redis.call('HEXISTS', KEYS[1], 'sum') == 1 then return 0 end
addSpend(KEYS[1], ARGV[1], num(ARGV[2]), num(ARGV[3]), num(ARGV[4]), 0)
return 1
`;

/** KEYS: 3 per subject. ARGV: now, then 6 per subject as for admit. Reply: stateReply's 8. Writes nothing. */
export const PEEK_SCRIPT = `${QUOTA_LUA_LIBRARY}
return stateReply(loadSubjects(1, num(ARGV[1]), false), {})
`;
