"""The Lua scripts of ``RedisStore``: each decision is one script, atomic on the Redis server.

Times are integer microseconds on the server's clock (``TIME``). A limit's key is a sorted set:
grants (and phantom grants) scored by their slot time, plus one generation member with a negative
score (-1, or -2 once a hold was placed in it) that names this incarnation of the key.
"""

from __future__ import annotations

import hashlib

import attrs

__all__ = ["MERGE", "OBSERVE", "REJECT", "RESERVE", "Script"]


@attrs.frozen
class Script:
    source: str
    sha: str = attrs.field(init=False)

    @sha.default
    def _sha(self) -> str:
        return hashlib.sha1(self.source.encode()).hexdigest()


_COMMON = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local function us(x) return string.format('%.0f', x) end
-- The index-th latest grant's time (0: the latest), by rank: generation members sort last.
local function top(key, index)
  local r = redis.call('ZREVRANGE', key, index, index, 'WITHSCORES')
  if r[2] and tonumber(r[2]) > 0 then return tonumber(r[2]) end
end
local function expire(key, window)
  local tail = math.max(top(key, 0) or now, now)
  redis.call('PEXPIRE', key, math.floor((tail - now + window) / 1000) + 1)
end
"""

RESERVE = Script(
    _COMMON
    + """
-- ARGV[1]: the longest wait to grant, us (-1: any); ARGV[2]: this call's unique id; then per key:
-- count, window us, spacing us, the caller's generation of the key ('' for none), and until when
-- (us) a grant the caller got in that generation stays in some window (0 for none).
local max_wait, id = tonumber(ARGV[1]), ARGV[2]
local slot, binding, gens, windows = now, 0, {}, {}
for i, key in ipairs(KEYS) do
  local a = 2 + (i - 1) * 5
  local count, window, spacing = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  local cached, live_until = ARGV[a + 4], tonumber(ARGV[a + 5])
  windows[i] = window
  redis.call('ZREMRANGEBYSCORE', key, 0, us(now - window))
  local meta = redis.call('ZRANGEBYSCORE', key, '-inf', '(0', 'WITHSCORES', 'LIMIT', 0, 1)
  local gen, held = meta[1], meta[2] == '-2'
  if not gen then
    gen = 'gen:' .. id
    redis.call('ZADD', key, -1, gen)
  end
  if cached ~= '' and cached ~= gen and live_until > now and not held then
    -- The key was lost while the caller still had grants in it: hold (see _redis.py).
    local at = us(now + window)
    for j = 1, count do redis.call('ZADD', key, at, 'hold:' .. j) end
    redis.call('ZADD', key, -2, gen)
  end
  gens[i] = gen
  local earliest = now
  local last = top(key, 0)
  if last then earliest = math.max(earliest, last + spacing) end
  local kth = top(key, count - 1)
  if kth then earliest = math.max(earliest, kth + window) end
  if earliest > slot then slot, binding = earliest, i end
end
local granted = max_wait < 0 or slot - now <= max_wait
for i, key in ipairs(KEYS) do
  if granted then redis.call('ZADD', key, us(slot), 'grant:' .. id) end
  expire(key, windows[i])
end
local reply = {granted and 1 or 0, slot - now, slot, binding}
for i, key in ipairs(KEYS) do
  reply[2 * i + 3] = gens[i]
  -- grants in the window's last nine tenths up to the slot: all still in the window ending at
  -- any time from the slot to a tenth of a window later (what lets observe() skip a round trip)
  reply[2 * i + 4] = granted and redis.call('ZCOUNT', key, '(' .. us(slot - windows[i] * 0.9), us(slot)) or 0
end
return reply
"""
)

OBSERVE = Script(
    _COMMON
    + """
-- ARGV: count, window us, grants the server counts in its window now, this call's unique id.
local key, count, window = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', key, 0, us(now - window))
local known = redis.call('ZCOUNT', key, '(' .. us(now - window), us(now))
local wanted = math.min(tonumber(ARGV[3]), count)
for j = known + 1, wanted do redis.call('ZADD', key, us(now), 'seen:' .. ARGV[4] .. ':' .. j) end
expire(key, window)
return math.max(0, wanted - known)
"""
)

REJECT = Script(
    _COMMON
    + """
-- ARGV: window us, this call's unique id. Returns the rejections within the window.
local key, window = KEYS[1], tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', key, 0, us(now - window))
redis.call('ZADD', key, us(now), ARGV[2])
expire(key, window)
return redis.call('ZCARD', key)
"""
)

MERGE = Script(
    _COMMON
    + """
-- ARGV[1]: this call's unique id; then per key: window us, n, and n grants as us from now
-- (negative: in the past). Grants made elsewhere (the local fallback) join the key.
local id, a = ARGV[1], 2
for i, key in ipairs(KEYS) do
  local window, n = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
  redis.call('ZREMRANGEBYSCORE', key, 0, us(now - window))
  for j = 1, n do
    local at = now + tonumber(ARGV[a + 1 + j])
    if at > now - window then redis.call('ZADD', key, us(at), 'merged:' .. id .. ':' .. j) end
  end
  expire(key, window)
  a = a + 2 + n
end
return #KEYS
"""
)
