-- wrk script for bench/answers.py: every request posts a valid answer with a fresh UUID.
-- The answer's JSON (without uuid) comes from the environment, as the offline queue sends it.
local template = os.getenv("QK_BENCH_BODY")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local counter = 0
local prefix
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  prefix = string.format("%08x-%04x-4%03x", math.random(0, 0x7fffffff), math.random(0, 0xffff), id % 0xfff)
  created, other = 0, 0
end

function request()
  counter = counter + 1
  local uuid = string.format("%s-8%03x-%012x", prefix, math.random(0, 0xfff), counter)
  local body = template:gsub("UUID", uuid, 1)
  return wrk.format("POST", nil, nil, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    o = o + thread:get("other")
  end
  io.write(string.format("QKBENCH created=%d other=%d p50_us=%d p99_us=%d seconds=%.3f\n",
    c, o, latency:percentile(50), latency:percentile(99), summary.duration / 1e6))
end
