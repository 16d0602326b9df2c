-- wrk script for bench_api.py: PUT the AI-training setting with many members' bearer tokens,
-- count 200s per thread, and print one JSON line with the latency percentiles at the end.
local threads = {}
local tokens = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  for line in io.lines(args[1]) do table.insert(tokens, line) end
  ok, other, i = 0, 0, id * 7919
end

function request()
  i = i + 1
  local body = (i % 2 == 0) and '{"enabled":true}' or '{"enabled":false}'
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1],
    ["Content-Type"] = "application/json",
  }
  return wrk.format("PUT", "/api/v1/me/ai-training-setting", headers, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_other = total_other + t:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "ok": %d, "non_200": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, total_ok, total_other,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
