-- Readers of scripts/loadtest.sh: each connection walks the request paths
-- of the file named by $LOADTEST_PATHS (one path a line), every thread
-- from a different offset, and done() prints one RESULT line of JSON.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local paths = {}
local i = 0

function init(args)
  local file = os.getenv("LOADTEST_PATHS")
  for line in io.lines(file) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  if #paths == 0 then
    error("no request paths in " .. tostring(file))
  end
  i = (id * 7919) % #paths
  statuses = {}
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function merged()
  local all = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then
      for code, n in pairs(s) do
        all[code] = (all[code] or 0) + n
      end
    end
  end
  return all
end

function result(name, summary, latency)
  local e = summary.errors
  local parts = {}
  for code, n in pairs(merged()) do
    table.insert(parts, string.format('"%d":%d', code, n))
  end
  io.write(string.format(
    'RESULT {"name":"%s","requests":%d,"seconds":%.3f,"rps":%.1f,' ..
    '"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
    '"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":{%s}}\n',
    name, summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end

function done(summary, latency, requests)
  result(os.getenv("LOADTEST_NAME") or "readers", summary, latency)
end
